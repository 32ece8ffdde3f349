import { unbackedCommitments } from "@tandem/commitments";
import {
  type Agent,
  canonicalJson,
  type Decision,
  type DecisionRequest,
  type Execution,
  levenshtein,
  type RejectionReason,
  type RejectionReasonCode,
  type SentRequest,
} from "@tandem/shared";
import { and, asc, desc, eq, inArray, ne, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import {
  actionExecutions,
  type DecisionActionRow,
  type DecisionRow,
  type DraftRow,
  decisionActions,
  decisions,
  drafts,
  type ProposedActionRow,
  proposedActions,
} from "../db/schema";
import { AppError, type ErrorIssue } from "../errors";
import type { ServiceContext, Tenant } from "../types";
import { recordAuditEvent, recordAuditEvents } from "./audit";
import { listExecutionsForDecision, toExecution } from "./executions";
import {
  type ActionCatalog,
  type CatalogEntry,
  loadCatalog,
  lockedTargetIssues,
  paramsIssues,
  targetLockedError,
} from "./policy";

export type DecisionTenant = Pick<Tenant, "installationId" | "agentClaim">;

/**
 * Edit distance of product.md §6. Levenshtein is O(n·m); a shared prefix and suffix never change
 * the distance, and agents usually edit locally, so stripping them first keeps long replies cheap.
 */
export function replyEditDistance(drafted: string, final: string): number {
  const a = drafted.normalize("NFC");
  const b = final.normalize("NFC");
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 0;
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return levenshtein(a.slice(start, endA), b.slice(start, endB)) / longer;
}

/** A proposed action's current entry in the policy's catalog (null once it left the catalog). */
function entryOf(catalog: ActionCatalog, row: ProposedActionRow): CatalogEntry | null {
  const entry = catalog.entry(row.type);
  return entry && entry.kind === row.kind ? entry : null;
}

function reasonOf(code: string | null, note: string | null): RejectionReason | undefined {
  if (!code) return undefined;
  return { code: code as RejectionReasonCode, ...(note ? { note } : {}) };
}

async function findDraft(db: DbOrTx, installationId: string, draftId: string): Promise<DraftRow> {
  const [draft] = await db
    .select()
    .from(drafts)
    .where(and(eq(drafts.id, draftId), eq(drafts.installationId, installationId)));
  if (!draft) throw new AppError("NOT_FOUND", "Draft not found");
  return draft;
}

/** Renders a stored decision with its per-action outcomes and executions. */
export async function decisionView(db: DbOrTx, row: DecisionRow): Promise<Decision> {
  const [actions, positions, executions] = await Promise.all([
    db.select().from(decisionActions).where(eq(decisionActions.decisionId, row.id)),
    db
      .select({ id: proposedActions.id, position: proposedActions.position })
      .from(proposedActions)
      .where(eq(proposedActions.draftId, row.draftId)),
    listExecutionsForDecision(db, row.id),
  ]);
  return renderDecision(
    row,
    actions,
    new Map(positions.map((p) => [p.id, p.position])),
    executions,
  );
}

function renderDecision(
  row: DecisionRow,
  actionRows: DecisionActionRow[],
  positions: Map<string, number>,
  executions: Execution[],
): Decision {
  const actions = [...actionRows].sort(
    (a, b) => (positions.get(a.actionId) ?? 0) - (positions.get(b.actionId) ?? 0),
  );
  const reason = reasonOf(row.reasonCode, row.reasonNote);
  const body = row.sentBody ?? row.replyBody;
  return {
    id: row.id,
    draftId: row.draftId,
    ticketId: row.ticketId,
    ticketRevision: row.ticketRevision,
    ...(row.seenTicketRevision ? { seenTicketRevision: row.seenTicketRevision } : {}),
    agent: { id: row.agentId, name: row.agentName },
    agentIdentity: row.agentIdentity,
    reply: {
      outcome: row.replyOutcome,
      ...(body !== null ? { body } : {}),
      ...(reason ? { reason } : {}),
      ...(row.editDistance !== null ? { editDistance: row.editDistance } : {}),
      ...(row.replyInserted !== null ? { inserted: row.replyInserted } : {}),
      ...(row.replyInsertError ? { insertError: row.replyInsertError } : {}),
      ...(row.sentAt ? { sent: true } : {}),
    },
    acknowledgedCommitments: row.acknowledgedCommitments,
    actions: actions.map((a) => {
      const actionReason = reasonOf(a.reasonCode, a.reasonNote);
      return {
        id: a.actionId,
        type: a.type,
        outcome: a.outcome,
        params: a.params,
        paramsEdited: a.paramsEdited,
        ...(actionReason ? { reason: actionReason } : {}),
        ...(a.hostResult ? { hostResult: a.hostResult } : {}),
        ...(a.hostError ? { hostError: a.hostError } : {}),
      };
    }),
    executions,
    createdAt: row.createdAt.toISOString(),
  };
}

export interface RecordedDecision {
  decision: Decision;
  /** False when the idempotency key was replayed: nothing new was written or executed. */
  created: boolean;
  /** Executions this call created, to hand to the job queue after commit. */
  newExecutionIds: string[];
}

interface PlannedAction {
  row: ProposedActionRow;
  outcome: "approved" | "rejected" | "applied_by_policy";
  params: Record<string, unknown>;
  paramsEdited: boolean;
  reason?: RejectionReason;
  /** The business action's endpoint, for approved business actions. */
  endpoint?: string;
}

/** Turns the request's per-action outcomes into the rows to store; throws on bad input. */
function planActions(
  catalog: ActionCatalog,
  proposed: ProposedActionRow[],
  input: DecisionRequest["actions"],
  autoActionsApplied = true,
): PlannedAction[] {
  const byId = new Map(proposed.map((row) => [row.id, row]));
  const seen = new Set<string>();
  const issues: ErrorIssue[] = [];
  const locked: ErrorIssue[] = [];
  const planned: PlannedAction[] = [];

  input.forEach((action, index) => {
    const row = byId.get(action.id);
    if (!row) {
      issues.push({ path: `actions.${index}.id`, message: "not an action of this draft" });
      return;
    }
    if (seen.has(row.id)) {
      issues.push({ path: `actions.${index}.id`, message: "action listed twice" });
      return;
    }
    seen.add(row.id);
    if (action.outcome === "rejected") {
      planned.push({
        row,
        outcome: "rejected",
        params: row.params,
        paramsEdited: false,
        ...(action.reason ? { reason: action.reason } : {}),
      });
      return;
    }
    const params = action.params ?? row.params;
    const paramsEdited =
      action.params !== undefined && canonicalJson(params) !== canonicalJson(row.params);
    const entry = entryOf(catalog, row);
    if (!entry || entry.rule === "blocked") {
      throw new AppError(
        "CONFLICT",
        `The policy no longer allows '${row.type}'; refresh the draft to see current actions`,
      );
    }
    // Locked as the agent saw it and as the policy says now: approving never re-points an action.
    const targets = [...new Set([...row.targetParams, ...entry.targetParams])];
    locked.push(...lockedTargetIssues(targets, row.params, params, `actions.${index}.params`));
    const check = catalog.validateParams(row.type, params);
    if (!check.ok) issues.push(...paramsIssues(check.issues, `actions.${index}.params`));
    planned.push({
      row,
      outcome: row.approval === "auto" ? "applied_by_policy" : "approved",
      params,
      paramsEdited,
      ...(entry.endpoint ? { endpoint: entry.endpoint } : {}),
    });
  });
  if (issues.length > 0) throw new AppError("BAD_REQUEST", "Invalid action decisions", issues);
  if (locked.length > 0) throw targetLockedError(locked);

  // Auto actions the agent did not touch were applied by policy: record them so they count.
  for (const row of proposed) {
    if (!autoActionsApplied || seen.has(row.id) || row.approval !== "auto") continue;
    const entry = entryOf(catalog, row);
    if (!entry || entry.rule === "blocked") continue;
    planned.push({
      row,
      outcome: "applied_by_policy",
      params: row.params,
      paramsEdited: false,
      ...(entry.endpoint ? { endpoint: entry.endpoint } : {}),
    });
  }
  return planned;
}

/**
 * Records one human decision on a draft, exactly once per idempotency key — also when identical
 * requests race: the unique constraints decide the winner and the others replay its answer.
 */
export async function recordDecision(
  ctx: ServiceContext,
  tenant: DecisionTenant,
  draftId: string,
  input: DecisionRequest,
): Promise<RecordedDecision> {
  const { installationId } = tenant;
  const draft = await findDraft(ctx.db, installationId, draftId);

  const replay = await findReplay(ctx.db, installationId, draftId, input.idempotencyKey);
  if (replay)
    return { decision: await decisionView(ctx.db, replay), created: false, newExecutionIds: [] };

  if (input.ticketRevision !== draft.ticketRevision) {
    throw new AppError(
      "STALE_DRAFT",
      "The ticket changed since this draft was made; refresh the draft before deciding",
    );
  }
  if (!draft.needsReply) {
    throw new AppError(
      "CONFLICT",
      "This draft has no reply to decide: the newest public message is the agent's",
    );
  }
  const seenTicketRevision = await seenRevisionOf(ctx.db, draft, input.seenTicketRevision);

  // The JWT's agent wins over the body's; either way the browser named it, so it is asserted.
  const agent: Agent = tenant.agentClaim
    ? { id: tenant.agentClaim.id, name: tenant.agentClaim.name ?? input.agent.name }
    : input.agent;
  const agentIdentity = tenant.agentClaim?.identity ?? "asserted";

  const proposed = await ctx.db
    .select()
    .from(proposedActions)
    .where(eq(proposedActions.draftId, draft.id))
    .orderBy(asc(proposedActions.position));
  const catalog = await loadCatalog(ctx.db, installationId);
  const planned = planActions(catalog, proposed, input.actions, input.autoActionsApplied);

  const reply = input.reply;
  const finalBody =
    reply.outcome === "rejected"
      ? null
      : reply.outcome === "edited"
        ? (reply.body ?? "")
        : (reply.body ?? draft.replyBody);
  const distance = finalBody === null ? null : replyEditDistance(draft.replyBody, finalBody);
  // Every promise the reply makes must be kept by an action that will happen: approved here or
  // applied by policy. A rejected reply promises nothing.
  const unbacked =
    finalBody === null
      ? []
      : unbackedCommitments(
          finalBody,
          planned
            .filter((action) => action.outcome !== "rejected")
            .map(({ row }) => ({
              id: row.id,
              type: row.type,
              kind: row.kind,
              title: row.title,
              fulfils: catalog.entry(row.type)?.fulfils ?? null,
            })),
          draft.replyLanguage,
        );
  if (unbacked.length > 0 && !input.acknowledgeCommitments) {
    const first = unbacked[0] as (typeof unbacked)[number];
    throw new AppError(
      "UNBACKED_COMMITMENT",
      `The reply promises what no approved action does: "${first.text}"${unbacked.length > 1 ? ` (and ${unbacked.length - 1} more)` : ""}. Approve the action that does it, edit the sentence, or confirm the promise with acknowledgeCommitments.`,
      unbacked.slice(0, 50).map((c) => ({
        path: "reply.body",
        message:
          `promises a ${c.kind.replace("_", " ")} that no approved action does: "${c.text}"`.slice(
            0,
            500,
          ),
        keyword: "commitment",
        params: { kind: c.kind, start: c.start, end: c.end },
      })),
    );
  }
  const acknowledgedCommitments = unbacked.length > 0;
  const now = ctx.clock.now();
  const timeToDecisionMs = draft.firstShownAt
    ? Math.max(0, now.getTime() - draft.firstShownAt.getTime())
    : null;

  const outcome = await ctx.db.transaction(async (tx) => {
    // Decisions on one ticket queue here (until commit), then re-check the revision is undecided.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`decision:${installationId}:${draft.ticketId}`}, 0))`,
    );
    await assertRevisionUndecided(tx, draft, seenTicketRevision);
    const [row] = await tx
      .insert(decisions)
      .values({
        installationId,
        draftId: draft.id,
        idempotencyKey: input.idempotencyKey,
        ticketId: draft.ticketId,
        ticketRevision: draft.ticketRevision,
        platform: draft.platform,
        intent: draft.intent,
        mode: draft.mode,
        agentId: agent.id,
        agentName: agent.name,
        agentIdentity,
        seenTicketRevision,
        acknowledgedCommitments,
        replyOutcome: reply.outcome,
        replyBody: finalBody,
        reasonCode: reply.outcome === "rejected" ? (reply.reason?.code ?? "other") : null,
        reasonNote: reply.outcome === "rejected" ? (reply.reason?.note ?? null) : null,
        editDistance: distance,
        timeToDecisionMs,
        draftCreatedAt: draft.createdAt,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) return { row: null, actionRows: [], executionRows: [] };

    // One statement per table: the transaction holds its locks (and, on PGlite, the only
    // connection) for as short as possible.
    const audit = { model: draft.model, promptVersion: draft.promptVersion, mode: draft.mode };
    const actionRows =
      planned.length === 0
        ? []
        : await tx
            .insert(decisionActions)
            .values(
              planned.map((action) => ({
                installationId,
                decisionId: row.id,
                actionId: action.row.id,
                type: action.row.type,
                kind: action.row.kind,
                outcome: action.outcome,
                params: action.params,
                paramsEdited: action.paramsEdited,
                reasonCode: action.outcome === "rejected" ? (action.reason?.code ?? null) : null,
                reasonNote: action.outcome === "rejected" ? (action.reason?.note ?? null) : null,
                createdAt: now,
              })),
            )
            .returning();
    const toExecute = planned.filter(
      (action) =>
        action.outcome !== "rejected" && action.row.kind === "business" && action.endpoint,
    );
    const executionRows =
      toExecute.length === 0
        ? []
        : await tx
            .insert(actionExecutions)
            .values(
              toExecute.map((action) => ({
                installationId,
                source: "decision" as const,
                sourceKey: `decision:${action.row.id}`,
                decisionId: row.id,
                actionId: action.row.id,
                ticketId: draft.ticketId,
                type: action.row.type,
                endpoint: action.endpoint as string,
                params: action.params,
                status: "pending" as const,
                // Same instant as the decision, so analytics attribute both to the same day.
                createdAt: now,
              })),
            )
            .onConflictDoNothing()
            .returning();
    await recordAuditEvents(tx, [
      ...planned.map((action) => ({
        installationId,
        type:
          action.outcome === "approved"
            ? ("action.approved" as const)
            : action.outcome === "rejected"
              ? ("action.rejected" as const)
              : ("action.applied_by_policy" as const),
        ticketId: draft.ticketId,
        actor:
          action.outcome === "applied_by_policy"
            ? { kind: "system" as const }
            : { kind: "agent" as const, id: agent.id },
        subjectId: action.row.id,
        data: {
          decisionId: row.id,
          draftId: draft.id,
          type: action.row.type,
          params: action.params,
          paramsEdited: action.paramsEdited,
          ...(action.reason ? { reason: action.reason } : {}),
          ...audit,
        },
      })),
      {
        installationId,
        type: "draft.decided",
        ticketId: draft.ticketId,
        actor: { kind: "agent", id: agent.id },
        subjectId: draft.id,
        data: {
          decisionId: row.id,
          agentName: agent.name,
          agentIdentity,
          outcome: reply.outcome,
          editDistance: distance,
          ...(reply.outcome === "rejected" && reply.reason ? { reason: reply.reason } : {}),
          timeToDecisionMs,
          ticketRevision: draft.ticketRevision,
          ...(seenTicketRevision ? { seenTicketRevision } : {}),
          ...audit,
        },
      },
      // The agent confirmed promises no approved action keeps: who, when and which sentences.
      ...(acknowledgedCommitments
        ? [
            {
              installationId,
              type: "draft.commitments_acknowledged" as const,
              ticketId: draft.ticketId,
              actor: { kind: "agent" as const, id: agent.id },
              subjectId: draft.id,
              data: {
                decisionId: row.id,
                agentName: agent.name,
                agentIdentity,
                commitments: unbacked.map((c) => ({ kind: c.kind, text: c.text })),
              },
            },
          ]
        : []),
    ]);
    return { row, actionRows, executionRows };
  });

  if (!outcome.row) {
    // Lost a race: another request with this key (or another key) decided the draft first.
    const winner = await findReplay(ctx.db, installationId, draftId, input.idempotencyKey);
    if (winner)
      return { decision: await decisionView(ctx.db, winner), created: false, newExecutionIds: [] };
    throw new AppError("CONFLICT", "This draft already has a decision");
  }
  const positions = new Map(proposed.map((p) => [p.id, p.position]));
  return {
    decision: renderDecision(
      outcome.row,
      outcome.actionRows,
      positions,
      outcome.executionRows.map(toExecution),
    ),
    created: true,
    newExecutionIds: outcome.executionRows.map((e) => e.id),
  };
}

/**
 * Stale without loss. A newer drafted revision means the customer wrote again after this draft:
 * the decision stands only when the agent read that latest revision (`seen`, recorded), else
 * `409 STALE_DRAFT`, as for a seen revision that is not the latest. One decision answers a
 * revision: when another draft already decided this one (or the seen one), `409 CONFLICT`.
 * Returns the revision to record, null when nothing newer was seen.
 */
async function seenRevisionOf(
  db: DbOrTx,
  draft: DraftRow,
  seen: string | undefined,
): Promise<string | null> {
  const [latest] = await db
    .select({ revision: drafts.ticketRevision })
    .from(drafts)
    .where(
      and(eq(drafts.installationId, draft.installationId), eq(drafts.ticketId, draft.ticketId)),
    )
    .orderBy(desc(drafts.createdAt))
    .limit(1);
  const latestRevision = latest?.revision ?? draft.ticketRevision;
  if (latestRevision !== draft.ticketRevision && seen === undefined) {
    throw new AppError(
      "STALE_DRAFT",
      "The ticket has a newer revision than this draft; read the new message and decide again, or refresh the draft",
    );
  }
  if (seen !== undefined && seen !== latestRevision) {
    throw new AppError(
      "STALE_DRAFT",
      "The revision you saw is not the ticket's latest; read the newest message before deciding",
    );
  }
  const recorded = seen !== undefined && seen !== draft.ticketRevision ? seen : null;
  await assertRevisionUndecided(db, draft, recorded);
  return recorded;
}

/**
 * One decision answers a revision: `409 CONFLICT` when another draft of the ticket already decided
 * this draft's revision or the newer one the agent saw. Checked early, and again inside the
 * decision's transaction under a per-ticket lock, so two tabs deciding two drafts of one revision
 * at the same instant cannot both win (a unique index could not say "this revision or the seen one").
 */
async function assertRevisionUndecided(
  db: DbOrTx,
  draft: DraftRow,
  recorded: string | null,
): Promise<void> {
  const covered = recorded ? [draft.ticketRevision, recorded] : [draft.ticketRevision];
  const [taken] = await db
    .select({ id: decisions.id })
    .from(decisions)
    .where(
      and(
        eq(decisions.installationId, draft.installationId),
        eq(decisions.ticketId, draft.ticketId),
        ne(decisions.draftId, draft.id),
        or(
          inArray(decisions.ticketRevision, covered),
          inArray(decisions.seenTicketRevision, covered),
        ),
      ),
    )
    .limit(1);
  if (taken) {
    throw new AppError(
      "CONFLICT",
      "This ticket revision was already decided on another draft; reload the ticket to see it",
    );
  }
}

/** The decision stored under this key, or a 409 when the key or the draft is taken otherwise. */
async function findReplay(
  db: DbOrTx,
  installationId: string,
  draftId: string,
  idempotencyKey: string,
): Promise<DecisionRow | null> {
  // One lookup for both: the row under this key, or any decision already on this draft.
  const found = await db
    .select()
    .from(decisions)
    .where(
      and(
        eq(decisions.installationId, installationId),
        or(eq(decisions.idempotencyKey, idempotencyKey), eq(decisions.draftId, draftId)),
      ),
    )
    .limit(2);
  const byKey = found.find((row) => row.idempotencyKey === idempotencyKey);
  if (byKey) {
    if (byKey.draftId !== draftId) {
      throw new AppError("CONFLICT", "This idempotency key was already used for another draft");
    }
    return byKey;
  }
  const byDraft = found.find((row) => row.draftId === draftId);
  if (byDraft) throw new AppError("CONFLICT", "This draft already has a decision");
  return null;
}

export async function getDecisionForDraft(
  db: DbOrTx,
  installationId: string,
  draftId: string,
): Promise<Decision> {
  await findDraft(db, installationId, draftId);
  const [row] = await db
    .select()
    .from(decisions)
    .where(and(eq(decisions.installationId, installationId), eq(decisions.draftId, draftId)))
    .orderBy(desc(decisions.createdAt))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "This draft has no decision yet");
  return decisionView(db, row);
}

/**
 * The text the agent finally sent. It replaces the approved text for the edit distance, so edits
 * made in the helpdesk's editor after approval count too.
 */
export async function recordSent(
  ctx: ServiceContext,
  tenant: DecisionTenant,
  draftId: string,
  input: SentRequest,
): Promise<Decision> {
  const { installationId } = tenant;
  const draft = await findDraft(ctx.db, installationId, draftId);
  const [current] = await ctx.db
    .select()
    .from(decisions)
    .where(and(eq(decisions.installationId, installationId), eq(decisions.draftId, draftId)));
  if (!current) {
    throw new AppError(
      "CONFLICT",
      "Record a decision on this draft before reporting what was sent",
    );
  }
  // The agent submitted the ticket: field changes staged in the helpdesk form were saved with it.
  const confirmed = await ctx.db
    .update(decisionActions)
    .set({ hostResult: "applied", hostReportedAt: ctx.clock.now() })
    .where(
      and(eq(decisionActions.decisionId, current.id), eq(decisionActions.hostResult, "staged")),
    )
    .returning({ id: decisionActions.id });
  if (current.sentBody === input.body) return decisionView(ctx.db, current);

  // A rejected draft was not used: what the agent wrote instead is kept, but it is not an edit.
  const distance =
    current.replyOutcome === "rejected" ? null : replyEditDistance(draft.replyBody, input.body);
  const now = ctx.clock.now();
  const updated = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(decisions)
      .set({ sentBody: input.body, sentAt: now, editDistance: distance })
      .where(eq(decisions.id, current.id))
      .returning();
    await recordAuditEvent(tx, {
      installationId,
      type: "draft.sent",
      ticketId: draft.ticketId,
      actor: { kind: "agent", id: tenant.agentClaim?.id ?? current.agentId },
      subjectId: draft.id,
      data: {
        decisionId: current.id,
        editDistance: distance,
        previousEditDistance: current.editDistance,
        sentLength: input.body.length,
        ...(confirmed.length > 0 ? { confirmedStagedActions: confirmed.length } : {}),
        model: draft.model,
        promptVersion: draft.promptVersion,
      },
    });
    return row;
  });
  if (!updated) throw new AppError("NOT_FOUND", "Decision not found");
  return decisionView(ctx.db, updated);
}
