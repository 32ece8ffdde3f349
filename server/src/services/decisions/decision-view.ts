import type { Decision, Execution, RejectionReason, RejectionReasonCode } from "@tandem/shared";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import {
  type DecisionActionRow,
  type DecisionRow,
  decisionActions,
  proposedActions,
} from "../../db/schema";
import { listExecutionsForDecision } from "../executions";

function reasonOf(code: string | null, note: string | null): RejectionReason | undefined {
  if (!code) return undefined;
  return { code: code as RejectionReasonCode, ...(note ? { note } : {}) };
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

export function renderDecision(
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
