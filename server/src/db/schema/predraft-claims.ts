import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { installationRef } from "./installations";

/**
 * One row per ticket revision that a pre-draft job took on. The primary key makes a revision
 * drafted at most once across all server processes; live leases (state = running) double as the
 * per-installation concurrency slots.
 */
export const predraftClaims = pgTable(
  "predraft_claims",
  {
    installationId: installationRef(),
    ticketId: text().notNull(),
    ticketRevision: text().notNull(),
    state: text({ enum: ["running", "done", "failed"] }).notNull(),
    jobId: text(),
    draftId: uuid(),
    attempts: integer().notNull().default(1),
    leaseUntil: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.installationId, t.ticketId, t.ticketRevision] }),
    index("predraft_claims_running_idx").on(t.installationId, t.state, t.leaseUntil),
  ],
);

export type PredraftClaimRow = typeof predraftClaims.$inferSelect;
