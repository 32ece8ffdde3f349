import { boolean, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { cascadeRef, createdAt } from "./columns";
import { decisions } from "./decisions";
import { tenantKeys } from "./installations";
import { proposedActions } from "./proposed-actions";

/** The outcome of each proposed action within a decision (auto ones included). */
export const decisionActions = pgTable(
  "decision_actions",
  {
    ...tenantKeys(),
    decisionId: cascadeRef(() => decisions.id),
    actionId: cascadeRef(() => proposedActions.id).unique(),
    type: text().notNull(),
    kind: text({ enum: ["field", "business"] }).notNull(),
    outcome: text({ enum: ["approved", "rejected", "applied_by_policy"] }).notNull(),
    params: jsonb().$type<Record<string, unknown>>().notNull(),
    paramsEdited: boolean().notNull().default(false),
    reasonCode: text(),
    reasonNote: text(),
    /** What the helpdesk did with an approved field action, as the sidebar reported it. */
    hostResult: text({ enum: ["applied", "staged", "failed"] }),
    hostError: text(),
    hostReportedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("decision_actions_decision_idx").on(t.decisionId),
    index("decision_actions_installation_created_idx").on(t.installationId, t.createdAt),
  ],
);

export type DecisionActionRow = typeof decisionActions.$inferSelect;
