import { boolean, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";
import { installations } from "./installations";

export interface KnowledgeSyncStats {
  upserted: number;
  unchanged: number;
  deleted: number;
  skipped: number;
  full: boolean;
}

/**
 * Server-side credentials for the helpdesk's REST API (one per installation), and the state of
 * the knowledge sync that uses them. The secret is encrypted at rest and never returned.
 */
export const helpdeskConnections = pgTable("helpdesk_connections", {
  installationId: uuid()
    .primaryKey()
    .references(() => installations.id, { onDelete: "cascade" }),
  /** zendesk: api_token (email + token) or oauth (bearer); freshdesk: api_key. */
  authType: text({ enum: ["api_token", "oauth", "api_key"] }).notNull(),
  email: text(),
  secretEnc: text().notNull(),
  /** Overrides https://{subdomain}.zendesk.com / .freshdesk.com (sandboxes, host mapping, tests). */
  baseUrl: text(),
  /** Zendesk: the webhook and trigger Tandem created, so re-running setup updates them. */
  zendeskWebhookId: text(),
  zendeskTriggerId: text(),
  knowledgeSyncEnabled: boolean().notNull().default(true),
  /** Zendesk incremental export `end_time` of the last successful run (epoch seconds). */
  syncCursor: text(),
  lastSyncedAt: timestamp({ withTimezone: true }),
  lastFullSyncAt: timestamp({ withTimezone: true }),
  lastSyncError: text(),
  lastSyncStats: jsonb().$type<KnowledgeSyncStats>(),
  syncFailures: integer().notNull().default(0),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export type HelpdeskConnectionRow = typeof helpdeskConnections.$inferSelect;
