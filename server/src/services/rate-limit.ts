import { sql } from "drizzle-orm";
import type { ServiceContext } from "../types";

export interface BucketLimit {
  /** Sustained rate. */
  perMinute: number;
  /** How many may go at once after a quiet period. */
  burst: number;
}

/**
 * Takes one token from a bucket shared by every server process (refilled continuously from the
 * database clock). Answers 0 when a token was taken, else the milliseconds until one is due.
 */
export async function takeToken({
  ctx,
  input: { key, limit },
}: {
  ctx: Pick<ServiceContext, "db">;
  input: { key: string; limit: BucketLimit };
}): Promise<number> {
  const db = ctx.db;
  const perSecond = limit.perMinute / 60;
  const burst = Math.max(1, limit.burst);
  const refill = sql`least(${burst}::float8, rate_limit_buckets.tokens + extract(epoch from (clock_timestamp() - rate_limit_buckets.refilled_at)) * ${perSecond}::float8)`;
  const taken = await db.execute(sql`
    insert into rate_limit_buckets (key, tokens, refilled_at)
    values (${key}, ${burst - 1}::float8, clock_timestamp())
    on conflict (key) do update
      set tokens = ${refill} - 1, refilled_at = clock_timestamp()
      where ${refill} >= 1
    returning tokens`);
  if (rowsOf<{ tokens: number }>(taken).length > 0) return 0;
  const current = await db.execute(sql`
    select ${refill} as tokens from rate_limit_buckets where key = ${key}`);
  const tokens = Number(rowsOf<{ tokens: number }>(current)[0]?.tokens ?? 0);
  return Math.max(1, Math.ceil(((1 - tokens) / perSecond) * 1000));
}

/** node-postgres answers `{ rows }`, PGlite too; both through drizzle's `execute`. */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  const rows = (result as { rows?: T[] }).rows;
  return rows ?? [];
}
