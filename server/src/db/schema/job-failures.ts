import { index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { tenantKeys } from "./installations";

/**
 * Dead letters: a background job that exhausted its retries, with the reason in words an admin
 * can act on. `data` holds identifiers only (never customer text).
 */
export const jobFailures = pgTable(
  "job_failures",
  {
    ...tenantKeys(),
    queue: text().notNull(),
    jobId: text().notNull(),
    ticketId: text(),
    /** A stable category (helpdesk_auth, helpdesk_not_found, model, …) for filtering. */
    kind: text().notNull(),
    reason: text().notNull(),
    attempts: integer().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    retriedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("job_failures_installation_idx").on(t.installationId, t.createdAt)],
);

export type JobFailureRow = typeof jobFailures.$inferSelect;
