import { sql } from "drizzle-orm";

/**
 * Medians and percentiles come from histograms of fixed resolution, so rollups stay small and
 * mergeable: edit distance to 0.01; time to decision to 0.1 s under 10 s, 1 s under a minute,
 * 10 s under 10 min, 1 min under an hour, 10 min beyond (about 2 % relative). They are
 * interpolated like PostgreSQL's percentile_cont, so they are exact whenever values sit on the grid.
 */

/** The bucket of a decision's edit distance (alias `x` = decisions). */
export const EDIT_DISTANCE_BUCKET = sql.raw(`round(x.edit_distance::numeric, 2)::text`);

/** The bucket of a decision's time to decision, in ms (alias `x` = decisions). */
export const TIME_TO_DECISION_BUCKET = sql.raw(
  `(case when x.time_to_decision_ms < 10000 then round(x.time_to_decision_ms / 100.0) * 100
                when x.time_to_decision_ms < 60000 then round(x.time_to_decision_ms / 1000.0) * 1000
                when x.time_to_decision_ms < 600000 then round(x.time_to_decision_ms / 10000.0) * 10000
                when x.time_to_decision_ms < 3600000 then round(x.time_to_decision_ms / 60000.0) * 60000
                else round(x.time_to_decision_ms / 600000.0) * 600000 end)::bigint::text`,
);

/** percentile_cont over a histogram of value → count. */
export function quantile(hist: Record<string, number>, q: number): number | null {
  const buckets = Object.entries(hist)
    .map(([value, count]) => [Number(value), count] as const)
    .filter(([, count]) => count > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const rank = q * (total - 1);
  const valueAt = (r: number) => {
    let seen = 0;
    for (const [value, count] of buckets) {
      seen += count;
      if (r < seen) return value;
    }
    return (buckets[buckets.length - 1] as readonly [number, number])[0];
  };
  const lower = Math.floor(rank);
  const low = valueAt(lower);
  const high = valueAt(Math.ceil(rank));
  return low + (rank - lower) * (high - low);
}

/** Adds the counts of `source` into `target` (histograms and counters merge by sum). */
export function addCounts(target: Record<string, number>, source: Record<string, number>) {
  for (const [key, value] of Object.entries(source)) target[key] = (target[key] ?? 0) + value;
}
