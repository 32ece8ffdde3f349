import type { ApprovalCreate, ApprovalDecisionRequest, ApprovalRequest } from "@tandem/shared";
import { canonicalJson } from "@tandem/shared";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { type ApprovalRequestRow, actionExecutions, approvalRequests } from "../db/schema";
import { AppError } from "../errors";
import type { ServiceContext } from "../types";
import { actingAgent } from "./agent-identity";
import { approvalEffects } from "./approval-effects";
import { notifyApprovalChanged, watchApproval } from "./approval-lifecycle";
import { targetsOf, toApprovalRequest } from "./approval-view";
import { recordAuditEvent } from "./audit";
import {
  type ActionCatalog,
  loadCatalog,
  lockedTargetIssues,
  paramsIssues,
  targetLockedError,
} from "./policy";
import type { VerbArgs } from "./verb-args";

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
export async function createApprovalRequest({
  ctx,
  input,
}: VerbArgs<ApprovalCreate>): Promise<CreatedApproval> {
  const { installationId } = ctx.tenant;
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
export async function getApprovalRequest({
  ctx,
  input: { id },
}: VerbArgs<{ id: string }>): Promise<ApprovalRequest> {
  const { installationId } = ctx.tenant;
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
export async function waitForApprovalChange({
  ctx,
  input: { id, waitSeconds, signal },
}: VerbArgs<{ id: string; waitSeconds: number; signal?: AbortSignal }>): Promise<ApprovalRequest> {
  const settled = (a: ApprovalRequest) =>
    a.status !== "pending" && !(a.status === "approved" && a.execution?.status === "pending");
  let current = await getApprovalRequest({ ctx, input: { id } });
  const deadline = Date.now() + waitSeconds * 1000;
  while (!settled(current) && Date.now() < deadline && !signal?.aborted) {
    const remaining = deadline - Date.now();
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unwatch();
        signal?.removeEventListener("abort", done);
        resolve();
      };
      // Other server processes change rows without our emitter: re-read at least every second.
      const timer = setTimeout(done, Math.min(remaining, 1_000));
      const unwatch = watchApproval(id, done);
      signal?.addEventListener("abort", done);
    });
    current = await getApprovalRequest({ ctx, input: { id } });
  }
  return current;
}

export async function listTicketApprovals({
  ctx,
  input: { ticketId, status },
}: VerbArgs<{ ticketId: string; status?: ApprovalRequest["status"] }>): Promise<ApprovalRequest[]> {
  const { installationId } = ctx.tenant;
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

/**
 * A human's answer. Idempotent by key: a replay answers the recorded decision and changes nothing.
 * An approval is checked against the action's schema as it stands (edited or not: cross-param
 * checks fail here, not at the endpoint) and may not change a target param (`409 TARGET_LOCKED`);
 * a rejection needs a reason or a comment, which the requester's callback carries.
 * The acting agent follows `actingAgent` (the helpdesk's JWT wins over the body).
 */
export async function decideApprovalRequest({
  ctx,
  input: { id, decision },
}: VerbArgs<{ id: string; decision: ApprovalDecisionRequest }>): Promise<ApprovalRequest> {
  const { installationId } = ctx.tenant;
  const { agent, identity: agentIdentity } = actingAgent(ctx, decision.agent);
  const input = { ...decision, agent };
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
  const effects = approvalEffects(ctx);
  if (input.outcome === "approved") await effects.scheduleExecution(updated, params);
  await effects.scheduleCallback(updated);
  notifyApprovalChanged(id);
  return toApprovalRequest(updated, await latestExecution(ctx.db, id), targets);
}
