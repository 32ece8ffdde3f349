import { serviceContext } from "../context";
import {
  defaultExecutorSettings,
  EXECUTE_ACTION_QUEUE,
  type ExecuteJobData,
  type ExecutorSettings,
  runExecutionAttempt,
  sweepStuckExecutions,
} from "../services/executions";
import type { AppDeps, ServiceContext } from "../types";
import type { JobQueue } from "./queue";

export interface ActionExecutorOptions {
  settings?: Partial<ExecutorSettings>;
  /** How often the outbox sweeper looks for stuck executions; 0 disables the timer. */
  sweepIntervalMs?: number;
  concurrency?: number;
  fetch?: typeof fetch;
  /**
   * Called once an execution reached its final state (succeeded, or failed for good), e.g. to
   * settle the approval request behind it. Errors are logged, never retried.
   */
  onSettled?: (
    ctx: ServiceContext,
    executionId: string,
    status: "succeeded" | "failed",
  ) => Promise<void>;
}

/**
 * Registers the business-action executor on the queue: one HTTP attempt per job run, retries by
 * pg-boss with backoff, and a periodic sweep that re-enqueues executions lost between commit and
 * send. Returns a function that stops the sweeper (the queue's stop() stops the worker).
 */
export async function registerActionExecutor(
  queue: JobQueue,
  deps: Pick<AppDeps, "database" | "config" | "logger" | "clock">,
  options: ActionExecutorOptions = {},
): Promise<() => void> {
  const settings = { ...defaultExecutorSettings, ...options.settings };
  const ctx = serviceContext(deps);
  await queue.createQueue(EXECUTE_ACTION_QUEUE, {
    retryLimit: settings.maxAttempts + 2,
    retryDelay: settings.retryDelaySeconds,
    retryBackoff: settings.backoff,
    expireInSeconds: Math.ceil(settings.timeoutMs / 1000) + 60,
  });
  await queue.work<ExecuteJobData>(
    EXECUTE_ACTION_QUEUE,
    async (job) => {
      const outcome = await runExecutionAttempt(ctx, job.data, settings, options.fetch);
      ctx.logger.info({ executionId: job.data.executionId, outcome }, "action execution attempt");
      if (outcome === "retry") throw new Error("execution attempt failed; retrying");
      if ((outcome === "succeeded" || outcome === "failed") && options.onSettled) {
        await options
          .onSettled(ctx, job.data.executionId, outcome)
          .catch((err: unknown) =>
            ctx.logger.warn(
              { err, executionId: job.data.executionId },
              "execution settle hook failed",
            ),
          );
      }
      return { outcome };
    },
    { concurrency: options.concurrency ?? 4 },
  );

  const interval = options.sweepIntervalMs ?? 60_000;
  if (interval <= 0) return () => {};
  const timer = setInterval(() => {
    if (!queue.started) return;
    sweepStuckExecutions(ctx, queue, settings).catch((err: unknown) =>
      ctx.logger.warn({ err }, "execution sweep failed"),
    );
  }, interval);
  timer.unref();
  return () => clearInterval(timer);
}
