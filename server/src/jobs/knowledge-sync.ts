import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { HelpdeskApiError } from "../connectors/http";
import { jobTenant, serviceContext, withTenant } from "../context";
import { installations } from "../db/schema";
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
import type { AppDeps, ServiceContext } from "../types";
import { registerPeriodicJob } from "./periodic";
import type { JobQueue } from "./queue";

/** The schedule that queues the syncs that are due. */
export const KNOWLEDGE_SYNC_SCAN_QUEUE = "knowledge-sync-scan";

export interface KnowledgeSyncWorkerOptions {
  settings?: Partial<KnowledgeSyncSettings>;
  /** How often installations due a sync are looked for; 0 disables the scan. */
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
 * Scheduled knowledge sync: a pg-boss schedule scans for due installations and enqueues them
 * (deduplicated by job id), one worker run per installation pulls its articles. Failures are
 * retried with backoff and dead-lettered to job_failures; the scan also prunes old webhook
 * delivery keys.
 */
export async function registerKnowledgeSyncWorker(
  queue: JobQueue,
  deps: Pick<AppDeps, "database" | "config" | "logger" | "clock"> &
    Partial<Pick<AppDeps, "model" | "embedder">>,
  options: KnowledgeSyncWorkerOptions = {},
): Promise<void> {
  const settings = { ...defaultKnowledgeSyncSettings, ...options.settings };
  const ctx = serviceContext({ ...deps, jobs: queue });
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
        const [installation] = await ctx.db
          .select()
          .from(installations)
          .where(eq(installations.id, job.data.installationId));
        if (!installation) throw new AppError("NOT_FOUND", "Installation not found");
        return await syncKnowledge({
          ctx: withTenant(ctx, jobTenant(installation)),
          input: { full: job.data.full, settings, connector: options.connector },
        });
      } catch (err) {
        const permanent =
          (err instanceof HelpdeskApiError && !err.retryable) || err instanceof AppError;
        if (permanent || job.retryCount >= job.retryLimit) {
          await recordJobFailure({
            ctx,
            input: {
              installationId: job.data.installationId,
              queue: KNOWLEDGE_SYNC_QUEUE,
              jobId: job.id,
              ticketId: null,
              kind: err instanceof HelpdeskApiError ? `helpdesk_${err.kind}` : "knowledge_sync",
              reason: err instanceof Error ? err.message : "Knowledge sync failed",
              attempts: job.retryCount + 1,
            },
          });
          if (permanent) return { outcome: "failed" };
        }
        throw err;
      }
    },
    { concurrency: 1 },
  );

  await registerPeriodicJob(queue, {
    name: KNOWLEDGE_SYNC_SCAN_QUEUE,
    everyMs: options.scanIntervalMs ?? 60_000,
    run: () => scanForDueSyncs(ctx, settings),
    logger: ctx.logger,
  });
}

/** Queues the due syncs, one job per installation and interval slot; prunes delivery keys. */
export async function scanForDueSyncs(
  ctx: ServiceContext,
  settings: KnowledgeSyncSettings,
): Promise<void> {
  if (!ctx.jobs) return;
  const slot = Math.floor(ctx.clock.now().getTime() / (settings.intervalMinutes * 60_000));
  for (const installationId of await dueForSync({ ctx, input: settings })) {
    await ctx.jobs.send(
      KNOWLEDGE_SYNC_QUEUE,
      { installationId },
      { id: slotJobId(installationId, slot) },
    );
  }
  await pruneWebhookDeliveries(ctx);
}
