import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";
import { tenantKeys } from "./installations";

/**
 * The durable record of one business action run by the server. `sourceKey` is unique, so a
 * proposed action or an approval request is executed at most once whatever the retries.
 */
export const actionExecutions = pgTable(
  "action_executions",
  {
    ...tenantKeys(),
    source: text({ enum: ["decision", "approval"] }).notNull(),
    sourceKey: text().notNull().unique(),
    decisionId: uuid(),
    approvalId: uuid(),
    actionId: text().notNull(),
    ticketId: text().notNull(),
    type: text().notNull(),
    endpoint: text().notNull(),
    params: jsonb().$type<Record<string, unknown>>().notNull(),
    status: text({ enum: ["pending", "running", "succeeded", "failed"] }).notNull(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    result: jsonb(),
    completedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("action_executions_installation_idx").on(t.installationId, t.createdAt),
    index("action_executions_decision_idx").on(t.decisionId),
  ],
);

export type ActionExecutionRow = typeof actionExecutions.$inferSelect;
