import type { ApprovalRequestRow } from "../db/schema";
import { actionExecutions } from "../db/schema";
import type { JobQueue } from "../jobs/queue";
import type { ServiceContext } from "../types";
import { enqueueApprovalCallback } from "./approval-callbacks";
import type { ApprovalEffects } from "./approvals";
import { enqueueExecutions } from "./executions";
import { loadCatalog } from "./policy";

/**
 * What happens after a human decides: an approved business action is put in the execution
 * outbox (run by the server, like approved draft actions); every status change is called back.
 * Field actions are applied by the sidebar in the helpdesk, so they only get the callback.
 */
export function approvalEffects(ctx: ServiceContext, jobs: JobQueue | undefined): ApprovalEffects {
  return {
    async scheduleExecution(approval: ApprovalRequestRow, params: Record<string, unknown>) {
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
      await enqueueExecutions(ctx, jobs, [{ id: execution.id, attemptBase: 0, firstRun: true }]);
    },
    async scheduleCallback(approval: ApprovalRequestRow) {
      await enqueueApprovalCallback(ctx, jobs, approval);
    },
  };
}
