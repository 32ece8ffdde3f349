import { date, index, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { installationRef } from "./installations";

/**
 * Per-day analytics aggregates, materialized lazily by the summary for settled days and dropped
 * by triggers (see the migrations) whenever a row of that day changes in a source table. The row
 * with key '' of each (dim, day) marks the day as computed; for dim 'all' it holds the totals.
 */
export const analyticsRollups = pgTable(
  "analytics_rollups",
  {
    installationId: installationRef(),
    dim: text().notNull(),
    day: date({ mode: "string" }).notNull(),
    key: text().notNull(),
    metrics: jsonb().$type<Record<string, unknown>>().notNull(),
    computedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.installationId, t.dim, t.day, t.key] }),
    index("analytics_rollups_day_idx").on(t.installationId, t.day),
  ],
);

export type AnalyticsRollupRow = typeof analyticsRollups.$inferSelect;
