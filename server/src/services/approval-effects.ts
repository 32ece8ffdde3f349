import type { ApprovalRequestRow } from "../db/schema";
import { actionExecutions } from "../db/schema";
import type { ServiceContext } from "../types";
import { enqueueApprovalCallback } from "./approval-callbacks";
import { enqueueExecutions } from "./executions";
import { loadCatalog } from "./policy";

export interface ApprovalEffects {
  /** Queues the business action run for an approved request; nothing when not a business action. */
  scheduleExecution(approval: ApprovalRequestRow, params: Record<string, unknown>): Promise<void>;
  /** Queues a signed callback to the requester, if it gave a URL. */
  scheduleCallback(approval: ApprovalRequestRow): Promise<void>;
}

/**
 * What happens after a human decides: an approved business action is put in the execution
 * outbox (run by the server, like approved draft actions); every status change is called back.
 * Field actions are applied by the sidebar in the helpdesk, so they only get the callback.
 * Both go through the context's job queue (`ctx.jobs`); without one they wait in their rows.
 */
export function approvalEffects(ctx: ServiceContext): ApprovalEffects {
  return {
    async scheduleExecution(approval, params) {
      const catalog = await loadCatalog(ctx.db, approval.installationId);
      const entry = catalog.entry(approval.actionType);
      if (entry?.kind !== "business" || !entry.endpoint) return;
      const [execution] = await ctx.db
        .insert(actionExecutions)
        .values({
          installationId: approval.installationId,
          source: "approval",
          sourceKey: `approval:${approval.id}`,
          approvalId: approval.id,
          actionId: approval.id,
          ticketId: approval.ticketId,
          type: approval.actionType,
          endpoint: entry.endpoint,
          params,
          status: "pending",
        })
        .onConflictDoNothing()
        .returning({ id: actionExecutions.id });
      if (!execution) return;
      await enqueueExecutions({
        ctx,
        input: { executions: [{ id: execution.id, attemptBase: 0, firstRun: true }] },
      });
    },
    async scheduleCallback(approval) {
      await enqueueApprovalCallback({ ctx, input: { approval } });
    },
  };
}
