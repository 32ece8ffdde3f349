import { serviceContext } from "../context";
import {
  APPROVAL_CALLBACK_QUEUE,
  type CallbackJobData,
  callbackRetry,
  deliverApprovalCallback,
} from "../services/approval-callbacks";
import { expireDueApprovals } from "../services/approval-lifecycle";
import type { AppDeps } from "../types";
import { registerPeriodicJob } from "./periodic";
import type { JobQueue } from "./queue";

/** The schedule that expires overdue pending requests. */
export const APPROVAL_EXPIRY_QUEUE = "approval-expiry";

export interface ApprovalWorkerOptions {
  /**
   * How often overdue pending requests are expired (and their requesters called back); 0
   * disables it. Under a minute, the job re-queues itself (see `registerPeriodicJob`).
   */
  expiryIntervalMs?: number;
  fetch?: typeof fetch;
  /** Seconds before the first callback retry (doubles with backoff). */
  callbackRetryDelaySeconds?: number;
}

/** Signed callbacks to requesters, and the expiry of unanswered requests. */
export async function registerApprovalWorkers(
  queue: JobQueue,
  deps: Pick<AppDeps, "database" | "config" | "logger" | "clock">,
  options: ApprovalWorkerOptions = {},
): Promise<void> {
  const ctx = serviceContext({ ...deps, jobs: queue });
  await queue.createQueue(APPROVAL_CALLBACK_QUEUE, {
    ...callbackRetry,
    retryDelay: options.callbackRetryDelaySeconds ?? callbackRetry.retryDelay,
    expireInSeconds: 60,
  });
  await queue.work<CallbackJobData>(
    APPROVAL_CALLBACK_QUEUE,
    async (job) => {
      await deliverApprovalCallback({
        ctx,
        input: { job: job.data, attempt: job, fetch: options.fetch },
      });
    },
    { concurrency: 4 },
  );
  await registerPeriodicJob(queue, {
    name: APPROVAL_EXPIRY_QUEUE,
    everyMs: options.expiryIntervalMs ?? 5_000,
    // The run is `expireDueApprovals`, which tests may call directly.
    run: async () => {
      await expireDueApprovals({ ctx });
    },
    logger: ctx.logger,
  });
}
