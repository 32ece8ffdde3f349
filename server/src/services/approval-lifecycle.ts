import { EventEmitter } from "node:events";
import { and, eq, inArray, lte } from "drizzle-orm";
import { actionExecutions, approvalRequests } from "../db/schema";
import type { ServiceContext } from "../types";
import { enqueueApprovalCallback } from "./approval-callbacks";
import { recordAuditEvent } from "./audit";
import type { SystemVerbArgs } from "./verb-args";

/*
 * What changes an approval request besides a human's decision: its expiry, and the business
 * action behind it settling. Each change wakes this process's long-polls and calls back.
 */

/** Wakes long-polls in this process at once; other processes notice within a poll interval. */
const changes = new EventEmitter();
changes.setMaxListeners(0);

export function notifyApprovalChanged(id: string): void {
  changes.emit(id);
}

/** Calls `listener` when the request changes in this process; answers the unsubscribe. */
export function watchApproval(id: string, listener: () => void): () => void {
  changes.on(id, listener);
  return () => changes.off(id, listener);
}

/**
 * When the business action behind an approval settles, the approval becomes `executed` or
 * `failed` and the requester is called back (through `ctx.jobs`).
 */
export async function settleApprovalExecution({
  ctx,
  input: { executionId },
}: SystemVerbArgs<{ executionId: string }>): Promise<void> {
  const [execution] = await ctx.db
    .select()
    .from(actionExecutions)
    .where(eq(actionExecutions.id, executionId));
  if (!execution?.approvalId || execution.source !== "approval") return;
  if (execution.status !== "succeeded" && execution.status !== "failed") return;
  const status = execution.status === "succeeded" ? "executed" : "failed";
  const [row] = await ctx.db
    .update(approvalRequests)
    .set({ status, updatedAt: ctx.clock.now() })
    .where(
      and(
        eq(approvalRequests.id, execution.approvalId),
        // A manual retry can turn a failed run into an executed one.
        status === "executed"
          ? eq(approvalRequests.installationId, execution.installationId)
          : eq(approvalRequests.status, "approved"),
      ),
    )
    .returning();
  if (!row) return;
  notifyApprovalChanged(row.id);
  await enqueueApprovalCallback({ ctx, input: { approval: row } });
}

/**
 * Moves overdue pending requests to `expired` (each exactly once, across processes) and calls
 * their requesters back through `ctx.jobs`.
 */
export async function expireDueApprovals({
  ctx,
  input: scope = {},
}: {
  ctx: ServiceContext;
  input?: { installationId?: string; ids?: string[] };
}): Promise<number> {
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
    await enqueueApprovalCallback({ ctx, input: { approval: row } });
    notifyApprovalChanged(row.id);
  }
  return expired.length;
}
