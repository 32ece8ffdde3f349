import type { ApprovalRequest, RejectionReasonCode } from "@tandem/shared";
import type { ActionExecutionRow, ApprovalRequestRow } from "../db/schema";
import { toExecution } from "./executions";
import type { ActionCatalog } from "./policy";

/** The params an approver may not change: the catalog's target params of the action now. */
export function targetsOf(catalog: ActionCatalog, actionType: string): string[] {
  return catalog.entry(actionType)?.targetParams ?? [];
}

export function toApprovalRequest(
  row: ApprovalRequestRow,
  execution?: ActionExecutionRow,
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
