import type { CommitmentKind, Decision, Draft } from "@tandem/shared";
import { sql } from "drizzle-orm";
import { qualified, rowFromJson, rowsFromJson } from "../../db/json-rows";
import {
  actionExecutions,
  type DraftRow,
  decisionActions,
  decisions,
  drafts,
  type ProposedActionRow,
  proposedActions,
} from "../../db/schema";
import { renderDecision } from "../decisions/decision-view";
import { toProposedAction } from "../draft-actions";
import { toExecution } from "../executions";
import type { ActionCatalog } from "../policy";

/**
 * The draft as served. `backableKinds` comes from the installation's policy at serve time: what
 * "Add action" can add now, not what it could when the draft was written.
 */
export function toDraft(
  row: DraftRow,
  actions: ProposedActionRow[],
  decision: Decision | null,
  backableKinds: CommitmentKind[],
): Draft {
  return {
    id: row.id,
    ticketId: row.ticketId,
    ticketRevision: row.ticketRevision,
    mode: row.mode,
    ...(row.model ? { model: row.model } : {}),
    ...(row.fallbackReason ? { fallbackReason: row.fallbackReason } : {}),
    reply: { body: row.replyBody, language: row.replyLanguage },
    summary: row.summary,
    triage: row.triage,
    rationale: row.rationale,
    citations: row.citations,
    commitments: row.commitments,
    actions: [...actions].sort((a, b) => a.position - b.position).map(toProposedAction),
    ...(row.instruction ? { instruction: row.instruction } : {}),
    ...(row.inputTokens !== null || row.outputTokens !== null
      ? { usage: { inputTokens: row.inputTokens ?? 0, outputTokens: row.outputTokens ?? 0 } }
      : {}),
    latencyMs: row.latencyMs,
    promptVersion: row.promptVersion,
    needsReply: row.needsReply,
    decision,
    backableKinds,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * The columns that serve a draft, for a statement selecting from `drafts`: the row, and as JSON
 * its proposed actions, its decision, the decision's per-action outcomes and its executions.
 * A stored draft is read in one round trip, whichever statement picks it.
 */
export function servedDraftColumns() {
  // Qualified by hand: drizzle renders a column of a one-table select without its table, and a
  // bare "id" inside these subqueries would name the subquery's own table.
  const draftId = qualified(drafts, drafts.id);
  const decisionOfDraft = sql`select decision.id from ${decisions} as decision where decision.draft_id = ${draftId}`;
  return {
    draft: drafts,
    actions: sql<unknown>`(select coalesce(jsonb_agg(to_jsonb(action.*) order by action.position), '[]'::jsonb)
      from ${proposedActions} as action where action.draft_id = ${draftId})`,
    decision: sql<unknown>`(select to_jsonb(decision.*) from ${decisions} as decision
      where decision.draft_id = ${draftId})`,
    decisionActions: sql<unknown>`(select coalesce(jsonb_agg(to_jsonb(outcome.*)), '[]'::jsonb)
      from ${decisionActions} as outcome where outcome.decision_id = (${decisionOfDraft}))`,
    executions: sql<unknown>`(select coalesce(jsonb_agg(to_jsonb(execution.*) order by execution.created_at, execution.id), '[]'::jsonb)
      from ${actionExecutions} as execution where execution.decision_id = (${decisionOfDraft}))`,
  };
}

/** A row selected with `servedDraftColumns()`. */
export interface ServedDraftRow {
  draft: DraftRow;
  actions: unknown;
  decision: unknown;
  decisionActions: unknown;
  executions: unknown;
}

/** The draft as served, from its row with the JSON of `servedDraftColumns()`. */
export function servedDraft(found: ServedDraftRow, catalog: ActionCatalog): Draft {
  const actions = rowsFromJson(proposedActions, found.actions);
  const decision = found.decision
    ? renderDecision(
        rowFromJson(decisions, found.decision),
        rowsFromJson(decisionActions, found.decisionActions),
        new Map(actions.map((action) => [action.id, action.position])),
        rowsFromJson(actionExecutions, found.executions).map(toExecution),
      )
    : null;
  return toDraft(found.draft, actions, decision, catalog.backableKinds);
}
