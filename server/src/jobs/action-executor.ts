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
import { registerPeriodicJob } from "./periodic";
import type { JobQueue } from "./queue";

/** The schedule that re-enqueues executions lost between commit and send. */
export const EXECUTION_SWEEP_QUEUE = "execution-sweep";

export interface ActionExecutorOptions {
  settings?: Partial<ExecutorSettings>;
  /** How often the outbox sweeper looks for stuck executions; 0 disables it. */
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
 * pg-boss with backoff, and a scheduled sweep that re-enqueues executions lost between commit
 * and send (the queue's stop() stops both).
 */
export async function registerActionExecutor(
  queue: JobQueue,
  deps: Pick<AppDeps, "database" | "config" | "logger" | "clock">,
  options: ActionExecutorOptions = {},
): Promise<void> {
  const settings = { ...defaultExecutorSettings, ...options.settings };
  const ctx = serviceContext({ ...deps, jobs: queue });
  await queue.createQueue(EXECUTE_ACTION_QUEUE, {
    retryLimit: settings.maxAttempts + 2,
    retryDelay: settings.retryDelaySeconds,
    retryBackoff: settings.backoff,
    expireInSeconds: Math.ceil(settings.timeoutMs / 1000) + 60,
  });
  await queue.work<ExecuteJobData>(
    EXECUTE_ACTION_QUEUE,
    async (job) => {
      const outcome = await runExecutionAttempt({
        ctx,
        input: { job: job.data, settings, fetch: options.fetch },
      });
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

  await registerPeriodicJob(queue, {
    name: EXECUTION_SWEEP_QUEUE,
    everyMs: options.sweepIntervalMs ?? 60_000,
    // The run is `sweepStuckExecutions`, which tests call directly.
    run: async () => {
      await sweepStuckExecutions({ ctx, input: { settings } });
    },
    logger: ctx.logger,
  });
}
