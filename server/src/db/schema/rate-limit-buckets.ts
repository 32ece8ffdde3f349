import { doublePrecision, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Token buckets shared by every server process (e.g. model calls per minute for pre-drafts). */
export const rateLimitBuckets = pgTable("rate_limit_buckets", {
  key: text().primaryKey(),
  tokens: doublePrecision().notNull(),
  refilledAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
