import { and, eq } from "drizzle-orm";
import { serviceContext } from "../context";
import { actionExecutions, approvalRequests } from "../db/schema";
import {
  APPROVAL_CALLBACK_QUEUE,
  type CallbackJobData,
  callbackRetry,
  deliverApprovalCallback,
  enqueueApprovalCallback,
} from "../services/approval-callbacks";
import { expireDueApprovals, notifyApprovalChanged } from "../services/approvals";
import type { AppDeps, ServiceContext } from "../types";
import type { JobQueue } from "./queue";

export interface ApprovalWorkerOptions {
  /** How often overdue pending requests are expired; 0 disables the timer. */
  expiryIntervalMs?: number;
  fetch?: typeof fetch;
  /** Seconds before the first callback retry (doubles with backoff). */
  callbackRetryDelaySeconds?: number;
}

/**
 * When the business action behind an approval settles, the approval becomes `executed` or
 * `failed` and the requester is called back.
 */
export async function settleApprovalExecution(
  ctx: ServiceContext,
  queue: JobQueue | undefined,
  executionId: string,
): Promise<void> {
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
  await enqueueApprovalCallback(ctx, queue, row);
}

export async function registerApprovalWorkers(
  queue: JobQueue,
  deps: Pick<AppDeps, "database" | "config" | "logger" | "clock">,
  options: ApprovalWorkerOptions = {},
): Promise<() => void> {
  const ctx = serviceContext(deps);
  await queue.createQueue(APPROVAL_CALLBACK_QUEUE, {
    ...callbackRetry,
    retryDelay: options.callbackRetryDelaySeconds ?? callbackRetry.retryDelay,
    expireInSeconds: 60,
  });
  await queue.work<CallbackJobData>(
    APPROVAL_CALLBACK_QUEUE,
    async (job) => {
      await deliverApprovalCallback(ctx, job.data, job, options.fetch);
    },
    { concurrency: 4 },
  );
  const interval = options.expiryIntervalMs ?? 5_000;
  if (interval <= 0) return () => {};
  const timer = setInterval(() => {
    if (!queue.started) return;
    expireDueApprovals(
      ctx,
      {},
      { scheduleCallback: (row) => enqueueApprovalCallback(ctx, queue, row) },
    ).catch((err: unknown) => ctx.logger.warn({ err }, "approval expiry sweep failed"));
  }, interval);
  timer.unref();
  return () => clearInterval(timer);
}
