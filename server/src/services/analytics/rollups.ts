import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import type { ServiceContext } from "../../types";
import { DAY_MS, dayStart, isoDay, type ResolvedRange } from "./days";
import { DIMS, type Dim } from "./dimensions";
import { emptyPartial, mergePartial, mergePartialMaps, type PartialMetrics } from "./metrics";
import { aggregateRaw } from "./queries";
import { rows } from "./sql";

/**
 * Settled days (before yesterday, UTC) are served from `analytics_rollups`, computed on first use
 * and dropped by triggers when a row of that day changes; yesterday, today and partial days are
 * aggregated live. Both paths run the same queries (`queries.ts`), so they cannot disagree.
 */

/** Bump when the stored metrics' shape changes: rows of other versions are then ignored. */
const ROLLUP_VERSION = "v2";

/**
 * Merged settled rollups, cached per process and revalidated on every use by a cheap fingerprint
 * (row count and newest computed_at of the range): any invalidation or recomputation changes it.
 */
const settledCache = new Map<
  string,
  { fingerprint: string; partials: Map<string, PartialMetrics> }
>();
const SETTLED_CACHE_MAX = 200;

/** Loads rollups for [fromDay, toDay) (UTC midnights), computing the days not materialized yet. */
async function settledPartials(
  db: DbOrTx,
  installationId: string,
  dim: Dim,
  fromDay: Date,
  toDay: Date,
): Promise<Map<string, PartialMetrics>> {
  const from = isoDay(fromDay);
  const to = isoDay(toDay);
  const storedDim = `${ROLLUP_VERSION}:${dim}`;
  const missing = await rows(
    db,
    sql`select g.day::date::text as day
      from generate_series(${from}::date, ${to}::date - 1, interval '1 day') as g(day)
      where not exists (
        select 1 from analytics_rollups r
        where r.installation_id = ${installationId} and r.dim = ${storedDim} and r.day = g.day::date and r.key = ''
      )`,
  );
  if (missing.length > 0) {
    const days = missing.map((r) => String(r.day)).sort();
    const spanFrom = new Date(`${days[0]}T00:00:00.000Z`);
    const spanTo = new Date(new Date(`${days[days.length - 1]}T00:00:00.000Z`).getTime() + DAY_MS);
    const computed = await aggregateRaw(db, installationId, dim, { from: spanFrom, to: spanTo });
    const wanted = new Set(days);
    const values: { day: string; key: string; metrics: PartialMetrics }[] = [];
    for (const day of days) values.push({ day, key: "", metrics: emptyPartial() });
    for (const [id, metrics] of computed) {
      const [day = "", ...rest] = id.split("|");
      const key = rest.join("|");
      if (!wanted.has(day)) continue;
      if (key === "") {
        const marker = values.find((v) => v.day === day && v.key === "");
        if (marker) marker.metrics = metrics;
      } else {
        values.push({ day, key, metrics });
      }
    }
    for (let i = 0; i < values.length; i += 500) {
      const chunk = values.slice(i, i + 500);
      await db.execute(sql`insert into analytics_rollups (installation_id, dim, day, key, metrics)
        select ${installationId}::uuid, ${storedDim}, v.day::date, v.key, v.metrics
        from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as v(day text, key text, metrics jsonb)
        on conflict (installation_id, dim, day, key)
        do update set metrics = excluded.metrics, computed_at = now()`);
    }
  }
  const [stamp] = await rows(
    db,
    sql`select count(*)::int as n, max(computed_at)::text as at from analytics_rollups
      where installation_id = ${installationId} and dim = ${storedDim}
        and day >= ${from}::date and day < ${to}::date`,
  );
  const cacheKey = `${installationId}|${dim}|${from}|${to}`;
  const fingerprint = `${String(stamp?.n)}|${String(stamp?.at)}`;
  const cached = settledCache.get(cacheKey);
  if (cached && cached.fingerprint === fingerprint) return cached.partials;

  const stored = await rows(
    db,
    sql`select day::text as day, key, metrics from analytics_rollups
      where installation_id = ${installationId} and dim = ${storedDim}
        and day >= ${from}::date and day < ${to}::date
        and (key <> '' or ${dim}::text = 'all')`,
  );
  // Totals keep their days (groupBy=day); other dimensions are only ever read per key.
  const out = new Map<string, PartialMetrics>();
  for (const r of stored) {
    const metrics = (
      typeof r.metrics === "string" ? JSON.parse(r.metrics) : r.metrics
    ) as PartialMetrics;
    const id = dim === "all" ? `${String(r.day)}|${String(r.key)}` : `*|${String(r.key)}`;
    const existing = out.get(id);
    out.set(id, existing ? mergePartial(existing, metrics) : mergePartial(emptyPartial(), metrics));
  }
  if (settledCache.size >= SETTLED_CACHE_MAX) settledCache.clear();
  settledCache.set(cacheKey, { fingerprint, partials: out });
  return out;
}

/**
 * Materializes the settled days of the last `days` days for every dimension of every installation
 * with recent activity, so dashboards never pay for it. Run in the background.
 */
export async function warmAnalyticsRollups(
  ctx: Pick<ServiceContext, "db" | "clock">,
  days = 400,
): Promise<void> {
  const settledEnd = new Date(dayStart(ctx.clock.now()).getTime() - DAY_MS);
  const from = new Date(settledEnd.getTime() - days * DAY_MS);
  const active = await rows(
    ctx.db,
    sql`select distinct installation_id as id from drafts where created_at >= ${from.toISOString()}`,
  );
  await ctx.db.execute(
    sql`delete from analytics_rollups where dim not like ${`${ROLLUP_VERSION}:%`}`,
  );
  for (const installation of active) {
    for (const dim of DIMS) {
      await settledPartials(ctx.db, String(installation.id), dim, from, settledEnd);
    }
  }
}

/** Partials for the range, by `${day}|${key}`: rollups for settled days, live for the rest. */
export async function partialsFor(
  ctx: Pick<ServiceContext, "db" | "clock">,
  installationId: string,
  dim: Dim,
  range: ResolvedRange,
): Promise<Map<string, PartialMetrics>> {
  // Days before yesterday are settled: late writes (sent text, retries) land within hours.
  const settledEnd = new Date(dayStart(ctx.clock.now()).getTime() - DAY_MS);
  const firstWhole = new Date(Math.ceil(range.from.getTime() / DAY_MS) * DAY_MS);
  const lastWhole = new Date(Math.min(dayStart(range.to).getTime(), settledEnd.getTime()));
  const parts: Map<string, PartialMetrics>[] = [];
  if (firstWhole < lastWhole) {
    parts.push(await settledPartials(ctx.db, installationId, dim, firstWhole, lastWhole));
    if (range.from < firstWhole) {
      parts.push(
        await aggregateRaw(ctx.db, installationId, dim, { from: range.from, to: firstWhole }),
      );
    }
    if (lastWhole < range.to) {
      parts.push(
        await aggregateRaw(ctx.db, installationId, dim, { from: lastWhole, to: range.to }),
      );
    }
  } else if (range.from < range.to) {
    parts.push(await aggregateRaw(ctx.db, installationId, dim, range));
  }
  return mergePartialMaps(parts);
}
