import { settleApprovalExecution } from "../services/approval-lifecycle";
import type { AppDeps } from "../types";
import { type ActionExecutorOptions, registerActionExecutor } from "./action-executor";
import { type AnalyticsRollupOptions, registerAnalyticsRollups } from "./analytics-rollups";
import { type ApprovalWorkerOptions, registerApprovalWorkers } from "./approval-workers";
import { type KnowledgeSyncWorkerOptions, registerKnowledgeSyncWorker } from "./knowledge-sync";
import { type PredraftWorkerOptions, registerPredraftWorker } from "./predraft";
import type { JobQueue } from "./queue";

export { type ActionExecutorOptions, registerActionExecutor } from "./action-executor";
export * from "./queue";

export interface WorkerOptions {
  actionExecutor?: ActionExecutorOptions;
  approvals?: ApprovalWorkerOptions;
  /** Webhook-triggered drafts; `false` registers no pre-draft worker in this process. */
  predraft?: PredraftWorkerOptions | false;
  /** Scheduled help-center sync; `false` registers none. */
  knowledgeSync?: KnowledgeSyncWorkerOptions | false;
  /** Background materialization of analytics rollups (`firstRunMs: 0` disables it). */
  analyticsRollups?: AnalyticsRollupOptions;
}

/**
 * Registers every background worker and periodic schedule of the server on the queue. Call
 * before `queue.start()`; the queue's stop() ends them all (no timers run beside it).
 */
export async function registerWorkers(
  queue: JobQueue,
  deps: Pick<AppDeps, "database" | "config" | "logger" | "clock"> &
    Partial<Pick<AppDeps, "model" | "embedder">>,
  options: WorkerOptions = {},
): Promise<void> {
  await registerActionExecutor(queue, deps, {
    ...options.actionExecutor,
    onSettled: (ctx, executionId) => settleApprovalExecution({ ctx, input: { executionId } }),
  });
  await registerApprovalWorkers(queue, deps, options.approvals);
  await registerAnalyticsRollups(queue, deps, options.analyticsRollups);
  if (options.predraft !== false) await registerPredraftWorker(queue, deps, options.predraft);
  if (options.knowledgeSync !== false) {
    await registerKnowledgeSyncWorker(queue, deps, options.knowledgeSync);
  }
}
