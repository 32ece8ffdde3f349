import type { Logger } from "../lib/logger";
import type { JobQueue } from "./queue";

export interface PeriodicJob {
  /** The queue name; also the schedule's name (one schedule per name, across processes). */
  name: string;
  /** How often it runs; 0 or less registers nothing. */
  everyMs: number;
  /** A first run this long after the queue starts (otherwise the schedule's first slot). */
  firstRunAfterMs?: number;
  /** The work; an error is logged and the next slot runs as planned. */
  run: () => Promise<void>;
  logger: Logger;
}

/** A cron expression for whole minutes or hours that divide an hour or a day; else null. */
export function cronEvery(ms: number): string | null {
  const minutes = ms / 60_000;
  if (!Number.isInteger(minutes) || minutes < 1) return null;
  if (minutes < 60) {
    if (60 % minutes !== 0) return null;
    return minutes === 1 ? "* * * * *" : `*/${minutes} * * * *`;
  }
  const hours = minutes / 60;
  if (!Number.isInteger(hours) || 24 % hours !== 0) return null;
  return hours === 1 ? "0 * * * *" : `0 */${hours} * * *`;
}

/**
 * Periodic work on pg-boss schedules: one run per slot across every server process, no timers
 * in the process. pg-boss cron has one-minute slots, so work that must run more often (approval
 * expiry, every few seconds) re-queues its next run itself when it finishes; its per-minute
 * schedule then only restarts the chain if a run was lost (the `short` policy keeps at most one
 * run waiting, so the chain never multiplies).
 */
export async function registerPeriodicJob(queue: JobQueue, job: PeriodicJob): Promise<void> {
  if (job.everyMs <= 0) return;
  const cron = cronEvery(job.everyMs);
  const everySeconds = job.everyMs / 1000;
  await queue.createQueue(job.name, { policy: "short", retryLimit: 0, expireInSeconds: 15 * 60 });
  await queue.work(
    job.name,
    async () => {
      try {
        await job.run();
      } catch (err) {
        job.logger.warn({ err, job: job.name }, "periodic job failed");
      }
      if (cron) return;
      await queue
        .send(job.name, {}, { singletonKey: job.name, startAfterSeconds: everySeconds })
        .catch((err: unknown) => job.logger.warn({ err, job: job.name }, "could not re-queue"));
    },
    // A chain link waits `everySeconds`; fetch it about that promptly (pg-boss's floor is 0.5 s).
    cron ? { concurrency: 1 } : { concurrency: 1, pollingIntervalSeconds: clamp(everySeconds) },
  );
  const firstRunAfterMs = job.firstRunAfterMs ?? (cron ? undefined : job.everyMs);
  await queue.schedule(job.name, cron ?? "* * * * *", {
    ...(firstRunAfterMs !== undefined ? { firstRunAfterSeconds: firstRunAfterMs / 1000 } : {}),
  });
}

function clamp(seconds: number): number {
  return Math.min(2, Math.max(0.5, seconds));
}
