import { warmAnalyticsRollups } from "../services/analytics";
import type { AppDeps } from "../types";

export interface AnalyticsRollupOptions {
  /** Delay of the first run after start; 0 disables the worker. */
  firstRunMs?: number;
  intervalMs?: number;
}

/**
 * Keeps the analytics rollups of settled days materialized in the background, so the first
 * dashboard load after a busy day does not pay for them. Returns a function that stops it.
 */
export function registerAnalyticsRollups(
  deps: Pick<AppDeps, "database" | "logger" | "clock">,
  options: AnalyticsRollupOptions = {},
): () => void {
  const firstRunMs = options.firstRunMs ?? 15_000;
  if (firstRunMs <= 0) return () => {};
  const ctx = { db: deps.database.db, logger: deps.logger, clock: deps.clock };
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    const started = Date.now();
    warmAnalyticsRollups(ctx)
      .then(() => deps.logger.debug({ ms: Date.now() - started }, "analytics rollups warmed"))
      .catch((err: unknown) => deps.logger.warn({ err }, "analytics rollup warm-up failed"))
      .finally(() => {
        running = false;
      });
  };
  const first = setTimeout(run, firstRunMs);
  const timer = setInterval(run, options.intervalMs ?? 3_600_000);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
