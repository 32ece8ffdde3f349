import { randomUUID } from "node:crypto";
import { unbackedCommitments } from "@tandem/commitments";
import { type Decision, type DecisionRequest, editDistance } from "@tandem/shared";
import { type SQL, sql } from "drizzle-orm";
import {
  executeRows,
  insertedRows,
  insertJsonRows,
  rowFromJson,
  rowsFromJson,
  violatedConstraint,
} from "../../db/json-rows";
import {
  actionExecutions,
  auditEvents,
  decidedRevisions,
  decisionActions,
  decisions,
} from "../../db/schema";
import { AppError } from "../../errors";
import type { TenantContext } from "../../types";
import { actingAgent } from "../agent-identity";
import { type AuditInput, auditEventRow } from "../audit";
import { enqueueExecutions, toExecution } from "../executions";
import { loadCatalog } from "../policy";
import { decisionView, renderDecision } from "./decision-view";
import { planActions } from "./plan-actions";
import { findDraftForDecision, revisionTakenError, seenRevisionOf } from "./revision-checks";
import { findReplay, replayOf } from "./stored-decisions";

/**
 * Records one human decision on a draft, exactly once per idempotency key — also when identical
 * requests race: the unique constraints decide the winner and the others replay its answer.
 * The business actions it approves are handed to the job queue once committed.
 */
export async function recordDecision({
  ctx,
  input: { draftId, request },
}: {
  ctx: TenantContext;
  input: { draftId: string; request: DecisionRequest };
}): Promise<Decision> {
  const { installationId } = ctx.tenant;
  // Everything the checks need is read in one statement (beside the policy, in memory once
  // loaded); the errors are still raised in the order the checks are written.
  const [found, loadedCatalog] = await Promise.allSettled([
    findDraftForDecision(ctx.db, {
      installationId,
      draftId,
      seen: request.seenTicketRevision,
      idempotencyKey: request.idempotencyKey,
    }),
    loadCatalog(ctx.db, installationId),
  ]);
  if (found.status === "rejected") throw found.reason;
  if (!found.value) throw new AppError("NOT_FOUND", "Draft not found");
  const { draft, proposed } = found.value;
  const replay = replayOf(found.value.replays, draftId, request.idempotencyKey);
  if (replay) return decisionView(ctx.db, replay);

  if (request.ticketRevision !== draft.ticketRevision) {
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
  const seenTicketRevision = seenRevisionOf(found.value, request.seenTicketRevision);
  if (loadedCatalog.status === "rejected") throw loadedCatalog.reason;
  const catalog = loadedCatalog.value;

  const { agent, identity: agentIdentity } = actingAgent(ctx, request.agent);
  const planned = planActions(catalog, proposed, request.actions, request.autoActionsApplied);

  const reply = request.reply;
  const finalBody =
    reply.outcome === "rejected"
      ? null
      : reply.outcome === "edited"
        ? (reply.body ?? "")
        : (reply.body ?? draft.replyBody);
  const distance = finalBody === null ? null : editDistance(draft.replyBody, finalBody);
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
  if (unbacked.length > 0 && !request.acknowledgeCommitments) {
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

  const decisionId = randomUUID();
  const audit = { model: draft.model, promptVersion: draft.promptVersion, mode: draft.mode };
  const auditRows: AuditInput[] = [
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
        decisionId,
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
        decisionId,
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
              decisionId,
              agentName: agent.name,
              agentIdentity,
              commitments: unbacked.map((c) => ({ kind: c.kind, text: c.text })),
            },
          },
        ]
      : []),
  ];
  const toExecute = planned.filter(
    (action) => action.outcome !== "rejected" && action.row.kind === "business" && action.endpoint,
  );

  // One statement writes the decision and everything that goes with it (CTEs, each inserting only
  // when the decision row went in): atomic without a transaction, one round trip. The per-draft
  // and per-key races are settled by the decisions' unique keys (a loser inserts nothing), the
  // per-revision race by decided_revisions' primary key (a loser's statement fails whole).
  const written: SQL[] = [
    sql`decision as (${insertJsonRows(decisions, [
      {
        id: decisionId,
        installationId,
        draftId: draft.id,
        idempotencyKey: request.idempotencyKey,
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
      },
    ])} on conflict do nothing returning *)`,
    sql`claimed as (${insertJsonRows(
      decidedRevisions,
      [...new Set([draft.ticketRevision, seenTicketRevision ?? draft.ticketRevision])].map(
        (revision) => ({ installationId, ticketId: draft.ticketId, revision, decisionId }),
      ),
      "decision",
    )} returning 1)`,
    sql`audited as (${insertJsonRows(auditEvents, auditRows.map(auditEventRow), "decision")} returning 1)`,
    sql`actions as (${insertedRows(
      decisionActions,
      planned.map((action) => ({
        installationId,
        decisionId,
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
      "decision",
    )})`,
    sql`executions as (${insertedRows(
      actionExecutions,
      toExecute.map((action) => ({
        installationId,
        source: "decision" as const,
        sourceKey: `decision:${action.row.id}`,
        decisionId,
        actionId: action.row.id,
        ticketId: draft.ticketId,
        type: action.row.type,
        endpoint: action.endpoint as string,
        params: action.params,
        status: "pending" as const,
        // Same instant as the decision, so analytics attribute both to the same day.
        createdAt: now,
        updatedAt: now,
      })),
      "decision",
      sql` on conflict do nothing`,
    )})`,
  ];
  let stored: Record<string, unknown> | undefined;
  try {
    [stored] = await executeRows(
      ctx.db,
      sql`with ${sql.join(written, sql`, `)}
        select to_jsonb(decision.*) as decision,
          (select coalesce(jsonb_agg(to_jsonb(actions.*)), '[]'::jsonb) from actions) as actions,
          (select coalesce(jsonb_agg(to_jsonb(executions.*)), '[]'::jsonb) from executions) as executions
        from decision`,
      "decision_write",
    );
  } catch (error) {
    // Another draft's decision claimed this revision (or the seen one) first.
    if (violatedConstraint(error) === "decided_revisions_pk") throw revisionTakenError();
    throw error;
  }
  const outcome = stored
    ? {
        row: rowFromJson(decisions, stored.decision),
        actionRows: rowsFromJson(decisionActions, stored.actions),
        executionRows: rowsFromJson(actionExecutions, stored.executions),
      }
    : { row: null, actionRows: [], executionRows: [] };

  if (!outcome.row) {
    // Lost a race: another request with this key (or another key) decided the draft first.
    const winner = await findReplay(ctx.db, installationId, draftId, request.idempotencyKey);
    if (winner) return decisionView(ctx.db, winner);
    throw new AppError("CONFLICT", "This draft already has a decision");
  }
  // After commit: the pending rows are the outbox, so a failed send is swept up later.
  await enqueueExecutions({
    ctx,
    input: {
      executions: outcome.executionRows.map((e) => ({ id: e.id, attemptBase: 0, firstRun: true })),
    },
  });
  const positions = new Map(proposed.map((p) => [p.id, p.position]));
  return renderDecision(
    outcome.row,
    outcome.actionRows,
    positions,
    outcome.executionRows.map(toExecution),
  );
}
