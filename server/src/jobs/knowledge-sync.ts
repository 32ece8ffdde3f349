import { createHash } from "node:crypto";
import { HelpdeskApiError } from "../connectors/http";
import { serviceContext } from "../context";
import { AppError } from "../errors";
import type { ConnectorOptions } from "../services/helpdesk-connections";
import {
  defaultKnowledgeSyncSettings,
  dueForSync,
  KNOWLEDGE_SYNC_QUEUE,
  type KnowledgeSyncSettings,
  syncKnowledge,
} from "../services/knowledge-sync";
import { recordJobFailure } from "../services/predraft";
import { pruneWebhookDeliveries } from "../services/webhooks";
import type { AppDeps } from "../types";
import type { JobQueue } from "./queue";

export interface KnowledgeSyncWorkerOptions {
  settings?: Partial<KnowledgeSyncSettings>;
  /** How often this process looks for installations due a sync; 0 disables the timer. */
  scanIntervalMs?: number;
  connector?: ConnectorOptions;
}

interface SyncJobData {
  installationId: string;
  full?: boolean;
}

/**
 * One job id per installation and interval slot: every server process may schedule the same
 * sync, and the queue keeps one (sending an existing id is a no-op).
 */
export function slotJobId(installationId: string, slot: number): string {
  const h = createHash("sha256").update(`knowledge-sync:${installationId}:${slot}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Scheduled knowledge sync: a timer in each process enqueues due installations (deduplicated
 * across processes by job id), one worker run per installation pulls its articles. Failures
 * are retried with backoff and dead-lettered to job_failures; the timer also prunes old
 * webhook delivery keys.
 */
export async function registerKnowledgeSyncWorker(
  queue: JobQueue,
  deps: Pick<AppDeps, "database" | "config" | "logger" | "clock"> &
    Partial<Pick<AppDeps, "model" | "embedder">>,
  options: KnowledgeSyncWorkerOptions = {},
): Promise<() => void> {
  const settings = { ...defaultKnowledgeSyncSettings, ...options.settings };
  const ctx = serviceContext(deps);
  await queue.createQueue(KNOWLEDGE_SYNC_QUEUE, {
    retryLimit: 3,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 30 * 60,
  });
  await queue.work<SyncJobData>(
    KNOWLEDGE_SYNC_QUEUE,
    async (job) => {
      try {
        return await syncKnowledge(ctx, job.data.installationId, {
          full: job.data.full,
          settings,
          connector: options.connector,
        });
      } catch (err) {
        const permanent =
          (err instanceof HelpdeskApiError && !err.retryable) || err instanceof AppError;
        if (permanent || job.retryCount >= job.retryLimit) {
          await recordJobFailure(ctx, {
            installationId: job.data.installationId,
            queue: KNOWLEDGE_SYNC_QUEUE,
            jobId: job.id,
            ticketId: null,
            kind: err instanceof HelpdeskApiError ? `helpdesk_${err.kind}` : "knowledge_sync",
            reason: err instanceof Error ? err.message : "Knowledge sync failed",
            attempts: job.retryCount + 1,
          });
          if (permanent) return { outcome: "failed" };
        }
        throw err;
      }
    },
    { concurrency: 1 },
  );

  const interval = options.scanIntervalMs ?? 60_000;
  if (interval <= 0) return () => {};
  const scan = async () => {
    if (!queue.started) return;
    const slot = Math.floor(ctx.clock.now().getTime() / (settings.intervalMinutes * 60_000));
    for (const installationId of await dueForSync(ctx, settings)) {
      await queue.send(
        KNOWLEDGE_SYNC_QUEUE,
        { installationId },
        { id: slotJobId(installationId, slot) },
      );
    }
    await pruneWebhookDeliveries(ctx);
  };
  const timer = setInterval(() => {
    scan().catch((err: unknown) => ctx.logger.warn({ err }, "knowledge sync scan failed"));
  }, interval);
  timer.unref();
  return () => clearInterval(timer);
}
