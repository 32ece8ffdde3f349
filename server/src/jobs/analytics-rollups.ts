import { warmAnalyticsRollups } from "../services/analytics";
import type { AppDeps } from "../types";
import { registerPeriodicJob } from "./periodic";
import type { JobQueue } from "./queue";

export const ANALYTICS_ROLLUPS_QUEUE = "analytics-rollups";

export interface AnalyticsRollupOptions {
  /** Delay of the first run after start; 0 disables the job. */
  firstRunMs?: number;
  /** How often it runs after that (whole minutes or hours become a cron schedule). */
  intervalMs?: number;
}

/**
 * Keeps the analytics rollups of settled days materialized in the background, so the first
 * dashboard load after a busy day does not pay for them: once shortly after start, then hourly
 * on a pg-boss schedule (one run per slot across processes).
 */
export async function registerAnalyticsRollups(
  queue: JobQueue,
  deps: Pick<AppDeps, "database" | "logger" | "clock">,
  options: AnalyticsRollupOptions = {},
): Promise<void> {
  const firstRunMs = options.firstRunMs ?? 15_000;
  if (firstRunMs <= 0) return;
  const ctx = { db: deps.database.db, logger: deps.logger, clock: deps.clock };
  await registerPeriodicJob(queue, {
    name: ANALYTICS_ROLLUPS_QUEUE,
    everyMs: options.intervalMs ?? 3_600_000,
    firstRunAfterMs: firstRunMs,
    run: async () => {
      const started = Date.now();
      await warmAnalyticsRollups(ctx);
      deps.logger.debug({ ms: Date.now() - started }, "analytics rollups warmed");
    },
    logger: deps.logger,
  });
}
