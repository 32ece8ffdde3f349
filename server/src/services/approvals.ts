import { EventEmitter } from "node:events";
import type {
  AgentIdentity,
  ApprovalCreate,
  ApprovalDecisionRequest,
  ApprovalRequest,
  RejectionReasonCode,
} from "@tandem/shared";
import { canonicalJson } from "@tandem/shared";
import { and, asc, desc, eq, inArray, lte } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { type ApprovalRequestRow, actionExecutions, approvalRequests } from "../db/schema";
import { AppError } from "../errors";
import type { ServiceContext } from "../types";
import { recordAuditEvent } from "./audit";
import { toExecution } from "./executions";
import {
  type ActionCatalog,
  loadCatalog,
  lockedTargetIssues,
  paramsIssues,
  targetLockedError,
} from "./policy";

/** Final states: nothing changes an approval request once it reaches one. */
const FINAL = new Set(["rejected", "expired", "executed", "failed"]);

/** Wakes long-polls in this process at once; other processes notice within a poll interval. */
const changes = new EventEmitter();
changes.setMaxListeners(0);

export function notifyApprovalChanged(id: string): void {
  changes.emit(id);
}

/** The params an approver may not change: the catalog's target params of the action now. */
function targetsOf(catalog: ActionCatalog, actionType: string): string[] {
  return catalog.entry(actionType)?.targetParams ?? [];
}

export function toApprovalRequest(
  row: ApprovalRequestRow,
  execution?: typeof actionExecutions.$inferSelect,
  targetParams: string[] = [],
): ApprovalRequest {
  return {
    id: row.id,
    ticketId: row.ticketId,
    status: row.status,
    action: {
      type: row.actionType,
      ...(row.actionTitle ? { title: row.actionTitle } : {}),
      params: row.actionParams,
      risk: row.risk,
      targetParams,
    },
    ...(row.before ? { before: row.before } : {}),
    summary: row.summary,
    requestedBy: { id: row.requestedById, name: row.requestedByName, kind: row.requestedByKind },
    ...(row.callbackUrl ? { callbackUrl: row.callbackUrl } : {}),
    expiresAt: row.expiresAt.toISOString(),
    ...(row.decisionOutcome && row.decidedById && row.decidedAt
      ? {
          decision: {
            agent: { id: row.decidedById, name: row.decidedByName ?? row.decidedById },
            outcome: row.decisionOutcome,
            params: row.decisionParams ?? row.actionParams,
            paramsEdited: row.paramsEdited ?? false,
            ...(row.comment ? { comment: row.comment } : {}),
            ...(row.reasonCode
              ? {
                  reason: {
                    code: row.reasonCode as RejectionReasonCode,
                    ...(row.comment ? { note: row.comment } : {}),
                  },
                }
              : {}),
            // Decided before identities were recorded: nothing vouched for them either.
            agentIdentity: row.decidedByIdentity ?? "asserted",
            decidedAt: row.decidedAt.toISOString(),
          },
        }
      : {}),
    ...(execution ? { execution: toExecution(execution) } : {}),
    createdAt: row.createdAt.toISOString(),
  };
}

async function latestExecution(db: DbOrTx, approvalId: string) {
  const [row] = await db
    .select()
    .from(actionExecutions)
    .where(eq(actionExecutions.approvalId, approvalId))
    .orderBy(desc(actionExecutions.createdAt))
    .limit(1);
  return row;
}

function sameRequest(row: ApprovalRequestRow, input: ApprovalCreate): boolean {
  return (
    row.ticketId === input.ticketId &&
    row.actionType === input.action.type &&
    canonicalJson(row.actionParams) === canonicalJson(input.action.params) &&
    row.requestedById === input.requestedBy.id
  );
}

export interface CreatedApproval {
  approval: ApprovalRequest;
  created: boolean;
}

/**
 * Records a change an external agent wants a human to approve. The action must be in the
 * installation's catalog, not blocked, and its params must match the action's schema.
 * With an idempotency key, a retried create answers the first request.
 */
export async function createApprovalRequest(
  ctx: ServiceContext,
  installationId: string,
  input: ApprovalCreate,
): Promise<CreatedApproval> {
  if (input.idempotencyKey) {
    const existing = await findByIdempotencyKey(ctx.db, installationId, input.idempotencyKey);
    if (existing) {
      if (!sameRequest(existing, input)) {
        throw new AppError("CONFLICT", "This idempotency key was used for a different request");
      }
      const catalog = await loadCatalog(ctx.db, installationId);
      return {
        approval: toApprovalRequest(existing, undefined, targetsOf(catalog, existing.actionType)),
        created: false,
      };
    }
  }
  const catalog = await loadCatalog(ctx.db, installationId);
  const entry = catalog.entry(input.action.type);
  if (!entry) {
    throw new AppError("BAD_REQUEST", `Unknown action type '${input.action.type}'`, [
      { path: "action.type", message: "not in this installation's action catalog" },
    ]);
  }
  if (entry.rule === "blocked") {
    throw new AppError("FORBIDDEN", `The policy blocks '${input.action.type}'`);
  }
  const check = catalog.validateParams(input.action.type, input.action.params);
  if (!check.ok) {
    throw new AppError(
      "BAD_REQUEST",
      "Invalid action params",
      paramsIssues(check.issues, "action.params"),
    );
  }
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .insert(approvalRequests)
    .values({
      installationId,
      ticketId: input.ticketId,
      status: "pending",
      actionType: input.action.type,
      actionTitle: entry.title,
      actionParams: check.params,
      risk: entry.risk,
      before: input.before ?? null,
      summary: input.summary,
      requestedById: input.requestedBy.id,
      requestedByName: input.requestedBy.name,
      requestedByKind: input.requestedBy.kind,
      callbackUrl: input.callbackUrl ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
      expiresAt: new Date(now.getTime() + input.expiresInSeconds * 1000),
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) {
    // A concurrent create with the same idempotency key won the race: answer its request.
    const existing = input.idempotencyKey
      ? await findByIdempotencyKey(ctx.db, installationId, input.idempotencyKey)
      : undefined;
    if (!existing || !sameRequest(existing, input)) {
      throw new AppError("CONFLICT", "This idempotency key was used for a different request");
    }
    return {
      approval: toApprovalRequest(existing, undefined, entry.targetParams),
      created: false,
    };
  }
  await recordAuditEvent(ctx.db, {
    installationId,
    type: "approval.requested",
    ticketId: row.ticketId,
    actor: { kind: input.requestedBy.kind === "bot" ? "bot" : "agent", id: input.requestedBy.id },
    subjectId: row.id,
    data: { actionType: row.actionType, risk: row.risk, expiresAt: row.expiresAt.toISOString() },
  });
  return { approval: toApprovalRequest(row, undefined, entry.targetParams), created: true };
}

async function findByIdempotencyKey(db: DbOrTx, installationId: string, key: string) {
  const [row] = await db
    .select()
    .from(approvalRequests)
    .where(
      and(
        eq(approvalRequests.installationId, installationId),
        eq(approvalRequests.idempotencyKey, key),
      ),
    );
  return row;
}

async function getRow(db: DbOrTx, installationId: string, id: string) {
  const [row] = await db
    .select()
    .from(approvalRequests)
    .where(and(eq(approvalRequests.id, id), eq(approvalRequests.installationId, installationId)));
  if (!row) throw new AppError("NOT_FOUND", "Approval request not found");
  return row;
}

/**
 * The request as it stands. One past its expiry reads as `expired` at once; the sweeper then
 * records it (and calls the requester back) exactly once.
 */
export async function getApprovalRequest(
  ctx: ServiceContext,
  installationId: string,
  id: string,
): Promise<ApprovalRequest> {
  const row = await getRow(ctx.db, installationId, id);
  const [execution, catalog] = await Promise.all([
    latestExecution(ctx.db, id),
    loadCatalog(ctx.db, installationId),
  ]);
  return present(ctx, row, catalog, execution);
}

function present(
  ctx: ServiceContext,
  row: ApprovalRequestRow,
  catalog: ActionCatalog,
  execution?: typeof actionExecutions.$inferSelect,
): ApprovalRequest {
  const overdue = row.status === "pending" && row.expiresAt <= ctx.clock.now();
  return toApprovalRequest(
    overdue ? { ...row, status: "expired" } : row,
    execution,
    targetsOf(catalog, row.actionType),
  );
}

/**
 * Long-poll: answers as soon as the request leaves `pending` (or its execution settles), or
 * after `waitSeconds` with the request as it is.
 */
export async function waitForApprovalChange(
  ctx: ServiceContext,
  installationId: string,
  id: string,
  waitSeconds: number,
  signal?: AbortSignal,
): Promise<ApprovalRequest> {
  const settled = (a: ApprovalRequest) =>
    a.status !== "pending" && !(a.status === "approved" && a.execution?.status === "pending");
  let current = await getApprovalRequest(ctx, installationId, id);
  const deadline = Date.now() + waitSeconds * 1000;
  while (!settled(current) && Date.now() < deadline && !signal?.aborted) {
    const remaining = deadline - Date.now();
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        changes.off(id, done);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      // Other server processes change rows without our emitter: re-read at least every second.
      const timer = setTimeout(done, Math.min(remaining, 1_000));
      changes.on(id, done);
      signal?.addEventListener("abort", done);
    });
    current = await getApprovalRequest(ctx, installationId, id);
  }
  return current;
}

export async function listTicketApprovals(
  ctx: ServiceContext,
  installationId: string,
  ticketId: string,
  status?: ApprovalRequest["status"],
): Promise<ApprovalRequest[]> {
  const rows = await ctx.db
    .select()
    .from(approvalRequests)
    .where(
      and(
        eq(approvalRequests.installationId, installationId),
        eq(approvalRequests.ticketId, ticketId),
        ...(status ? [eq(approvalRequests.status, status)] : []),
      ),
    )
    .orderBy(asc(approvalRequests.createdAt))
    .limit(100);
  const catalog = await loadCatalog(ctx.db, installationId);
  const executions = rows.length
    ? await ctx.db
        .select()
        .from(actionExecutions)
        .where(
          inArray(
            actionExecutions.approvalId,
            rows.map((r) => r.id),
          ),
        )
    : [];
  return rows
    .map((row) =>
      present(
        ctx,
        row,
        catalog,
        executions.find((e) => e.approvalId === row.id),
      ),
    )
    .filter((approval) => !status || approval.status === status);
}

export interface ApprovalEffects {
  /** Queues the business action run for an approved request; returns nothing when not a business action. */
  scheduleExecution(approval: ApprovalRequestRow, params: Record<string, unknown>): Promise<void>;
  /** Queues a signed callback to the requester, if it gave a URL. */
  scheduleCallback(approval: ApprovalRequestRow): Promise<void>;
}

/**
 * A human's answer. Idempotent by key: a replay answers the recorded decision and changes nothing.
 * An approval is checked against the action's schema as it stands (edited or not: cross-param
 * checks fail here, not at the endpoint) and may not change a target param (`409 TARGET_LOCKED`);
 * a rejection needs a reason or a comment, which the requester's callback carries.
 * `agentIdentity` says whether the helpdesk vouched for `input.agent` (recorded with it).
 */
export async function decideApprovalRequest(
  ctx: ServiceContext,
  effects: ApprovalEffects,
  installationId: string,
  id: string,
  input: ApprovalDecisionRequest,
  agentIdentity: AgentIdentity = "asserted",
): Promise<ApprovalRequest> {
  const row = await getRow(ctx.db, installationId, id);
  const catalog = await loadCatalog(ctx.db, installationId);
  const targets = targetsOf(catalog, row.actionType);
  if (row.decisionIdempotencyKey) {
    if (row.decisionIdempotencyKey === input.idempotencyKey) {
      return toApprovalRequest(row, await latestExecution(ctx.db, id), targets);
    }
    throw new AppError("CONFLICT", `This request was already ${row.status}`);
  }
  if (row.status === "expired" || (row.status === "pending" && row.expiresAt <= ctx.clock.now())) {
    throw new AppError("CONFLICT", "This request has expired");
  }
  if (row.status !== "pending")
    throw new AppError("CONFLICT", `This request was already ${row.status}`);

  const comment = input.comment?.trim() ? input.comment : (input.reason?.note ?? null);
  if (input.outcome === "rejected" && !input.reason && !comment) {
    throw new AppError("BAD_REQUEST", "Say why the request is rejected", [
      { path: "reason", message: "a rejection needs a reason or a comment" },
    ]);
  }
  let params = row.actionParams;
  let paramsEdited = false;
  if (input.outcome === "approved") {
    const approved = input.params ?? row.actionParams;
    paramsEdited = canonicalJson(approved) !== canonicalJson(row.actionParams);
    // An action that left the catalog has no schema to check unedited params against.
    if (paramsEdited || catalog.entry(row.actionType)) {
      const check = catalog.validateParams(row.actionType, approved);
      if (!check.ok) {
        throw new AppError(
          "BAD_REQUEST",
          paramsEdited
            ? "Edited params do not match the action's schema"
            : "The params do not match the action's schema",
          paramsIssues(check.issues, "params"),
        );
      }
      params = check.params;
    }
    const locked = lockedTargetIssues(targets, row.actionParams, approved, "params");
    if (locked.length > 0) throw targetLockedError(locked);
  }
  const now = ctx.clock.now();
  // The status guard makes concurrent deciders race safely: exactly one update wins.
  const [updated] = await ctx.db
    .update(approvalRequests)
    .set({
      status: input.outcome,
      decidedById: input.agent.id,
      decidedByName: input.agent.name,
      decisionIdempotencyKey: input.idempotencyKey,
      decisionOutcome: input.outcome,
      decisionParams: params,
      paramsEdited,
      comment,
      reasonCode: input.outcome === "rejected" ? (input.reason?.code ?? "other") : null,
      decidedByIdentity: agentIdentity,
      decidedAt: now,
      updatedAt: now,
    })
    .where(and(eq(approvalRequests.id, id), eq(approvalRequests.status, "pending")))
    .returning();
  if (!updated) {
    const again = await getRow(ctx.db, installationId, id);
    if (again.decisionIdempotencyKey === input.idempotencyKey) {
      return toApprovalRequest(again, await latestExecution(ctx.db, id), targets);
    }
    throw new AppError("CONFLICT", `This request was already ${again.status}`);
  }
  await recordAuditEvent(ctx.db, {
    installationId,
    type: "approval.decided",
    ticketId: updated.ticketId,
    actor: { kind: "agent", id: input.agent.id },
    subjectId: id,
    data: {
      outcome: input.outcome,
      actionType: updated.actionType,
      paramsEdited,
      requestedBy: updated.requestedById,
      agentIdentity,
      ...(updated.reasonCode ? { reason: updated.reasonCode } : {}),
    },
  });
  if (input.outcome === "approved") await effects.scheduleExecution(updated, params);
  await effects.scheduleCallback(updated);
  notifyApprovalChanged(id);
  return toApprovalRequest(updated, await latestExecution(ctx.db, id), targets);
}

/** Moves overdue pending requests to `expired` (each exactly once, across processes). */
export async function expireDueApprovals(
  ctx: ServiceContext,
  scope: { installationId?: string; ids?: string[] } = {},
  effects: Pick<ApprovalEffects, "scheduleCallback">,
): Promise<number> {
  const now = ctx.clock.now();
  const expired = await ctx.db
    .update(approvalRequests)
    .set({ status: "expired", updatedAt: now })
    .where(
      and(
        eq(approvalRequests.status, "pending"),
        lte(approvalRequests.expiresAt, now),
        ...(scope.installationId
          ? [eq(approvalRequests.installationId, scope.installationId)]
          : []),
        ...(scope.ids ? [inArray(approvalRequests.id, scope.ids)] : []),
      ),
    )
    .returning();
  for (const row of expired) {
    await recordAuditEvent(ctx.db, {
      installationId: row.installationId,
      type: "approval.expired",
      ticketId: row.ticketId,
      actor: { kind: "system" },
      subjectId: row.id,
      data: { actionType: row.actionType },
    });
    await effects.scheduleCallback(row);
    notifyApprovalChanged(row.id);
  }
  return expired.length;
}

export function isFinal(status: string): boolean {
  return FINAL.has(status);
}
