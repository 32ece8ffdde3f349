import type { CommitmentKind, Decision, Draft } from "@tandem/shared";
import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { type DraftRow, decisions, type ProposedActionRow, proposedActions } from "../../db/schema";
import { preparedPer } from "../../lib/prepared";
import { decisionView } from "../decisions/decision-view";
import { toProposedAction } from "../draft-actions";
import { loadCatalog } from "../policy";

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

/** The draft with its proposed actions and, once decided, its decision. */
export async function withActions(db: DbOrTx, row: DraftRow): Promise<Draft> {
  const [actions, [decided], catalog] = await Promise.all([
    draftActionsQuery(db).execute({ draftId: row.id }),
    draftDecisionQuery(db).execute({ installationId: row.installationId, draftId: row.id }),
    loadCatalog(db, row.installationId),
  ]);
  return toDraft(
    row,
    actions,
    decided ? await decisionView(db, decided) : null,
    catalog.backableKinds,
  );
}

// Prepared: every served draft runs both (see lib/prepared.ts).
const draftActionsQuery = preparedPer((db: DbOrTx) =>
  db
    .select()
    .from(proposedActions)
    .where(eq(proposedActions.draftId, sql.placeholder("draftId")))
    .orderBy(asc(proposedActions.position))
    .prepare("proposed_actions_of_draft"),
);

const draftDecisionQuery = preparedPer((db: DbOrTx) =>
  db
    .select()
    .from(decisions)
    .where(
      and(
        eq(decisions.installationId, sql.placeholder("installationId")),
        eq(decisions.draftId, sql.placeholder("draftId")),
      ),
    )
    .prepare("decision_of_draft"),
);
