import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";

/** SQL helpers shared by the aggregation queries, the rollups and the CSV export. */

/** The time zone of analytics days. */
export const DAY_ZONE = sql.raw(`'UTC'`);

/**
 * What the helpdesk reported for an approved (or auto) field action (alias `a` =
 * decision_actions). Business actions are counted by their executions instead; rejected ones had
 * nothing to apply.
 */
export const HOST_REPORTED = sql.raw(`a.kind = 'field' and a.outcome <> 'rejected'`);

export type Row = Record<string, unknown>;

export const num = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));

/** The rows of a raw query, whichever shape the driver (pg or PGlite) answers. */
export async function rows(db: DbOrTx, query: ReturnType<typeof sql>): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown as { rows?: Row[] } | Row[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}
