import { jobTenant, serviceContext, withTenant } from "../context";
import { ticketRevision } from "../services/drafting/context";
import { generateDraft } from "../services/drafts";
import type { ConnectorOptions } from "../services/helpdesk-connections";
import {
  defaultPredraftSettings,
  PermanentJobError,
  PREDRAFT_QUEUE,
  type PredraftGenerator,
  type PredraftJobData,
  type PredraftSettings,
  predraftSingletonKey,
  RetryableJobError,
  recordJobFailure,
  runPredraft,
} from "../services/predraft";
import type { AppDeps, ServiceContext } from "../types";
import type { JobQueue } from "./queue";

export interface PredraftWorkerOptions {
  settings?: Partial<PredraftSettings>;
  /** Parallel pre-draft runs in this process (the per-installation limit applies on top). */
  concurrency?: number;
  retryLimit?: number;
  retryDelaySeconds?: number;
  connector?: ConnectorOptions;
  /** Replaces the drafting service (tests count model calls through the real one instead). */
  generate?: PredraftGenerator;
}

export type PredraftWorkerDeps = Pick<AppDeps, "database" | "config" | "logger" | "clock"> &
  Partial<Pick<AppDeps, "model" | "embedder">>;

/** Pre-drafts go through the same drafting service as the sidebar, marked origin "webhook". */
export function draftingGenerator(ctx: ServiceContext): PredraftGenerator {
  return async ({ installation, ticket }) => {
    const { draft } = await generateDraft({
      ctx: withTenant(ctx, jobTenant(installation)),
      input: { request: { ticket }, origin: "webhook" },
    });
    return { id: draft.id, mode: draft.mode };
  };
}

/**
 * Registers the pre-draft worker: retries with backoff for transient failures, dead letters
 * (job_failures, visible to admins) for permanent ones and for exhausted retries, and deferral
 * (a new delayed job, not a retry) when a concurrency or rate limit is reached.
 */
export async function registerPredraftWorker(
  queue: JobQueue,
  deps: PredraftWorkerDeps,
  options: PredraftWorkerOptions = {},
): Promise<void> {
  const settings = { ...defaultPredraftSettings, ...deps.config.predraft, ...options.settings };
  const ctx = serviceContext({ ...deps, jobs: queue });
  const generate = options.generate ?? draftingGenerator(ctx);
  await queue.createQueue(PREDRAFT_QUEUE, {
    policy: "short",
    retryLimit: options.retryLimit ?? 4,
    retryDelay: options.retryDelaySeconds ?? 5,
    retryBackoff: true,
    expireInSeconds: settings.leaseSeconds,
  });

  await queue.work<PredraftJobData>(
    PREDRAFT_QUEUE,
    async (job) => {
      const { installationId, ticketId } = job.data;
      const fail = (kind: string, reason: string, attempts: number) =>
        recordJobFailure({
          ctx,
          input: {
            installationId,
            queue: PREDRAFT_QUEUE,
            jobId: job.id,
            ticketId,
            kind,
            reason,
            attempts,
            data: { event: job.data.event ?? null, deferrals: job.data.deferrals ?? 0 },
          },
        });
      try {
        const result = await runPredraft({
          ctx,
          input: { job, settings, generate, connector: options.connector },
        });
        if (result.outcome === "deferred") {
          const deferrals = (job.data.deferrals ?? 0) + 1;
          if (deferrals > settings.maxDeferrals) {
            await fail(
              "backlog",
              `Gave up after ${settings.maxDeferrals} deferrals: ${result.reason}`,
              job.retryCount + 1,
            );
            return { outcome: "failed", kind: "backlog" };
          }
          await queue.send(
            PREDRAFT_QUEUE,
            { ...job.data, deferrals },
            {
              singletonKey: predraftSingletonKey(
                installationId,
                ticketId,
                job.data.ticket ? ticketRevision(job.data.ticket) : null,
              ),
              startAfterSeconds: Math.max(0.2, result.delayMs / 1000),
            },
          );
        }
        ctx.logger.debug({ installationId, ticketId, ...result }, "pre-draft job");
        return result;
      } catch (err) {
        if (err instanceof PermanentJobError) {
          await fail(err.kind, err.message, job.retryCount + 1);
          ctx.logger.warn({ installationId, ticketId, kind: err.kind }, "pre-draft failed");
          return { outcome: "failed", kind: err.kind };
        }
        const kind = err instanceof RetryableJobError ? err.kind : "internal";
        const reason =
          err instanceof RetryableJobError ? err.message : "Unexpected error while pre-drafting";
        if (!(err instanceof RetryableJobError)) {
          ctx.logger.error({ err, installationId, ticketId }, "pre-draft job crashed");
        }
        if (job.retryCount >= job.retryLimit) {
          await fail(
            kind,
            `${reason} (gave up after ${job.retryCount + 1} attempts)`,
            job.retryCount + 1,
          );
        }
        throw new Error(`${kind}: ${reason}`);
      }
    },
    { concurrency: options.concurrency ?? 16 },
  );
}
