import type { CommitmentKind, ParamField } from "@tandem/shared";
import { index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { cascadeRef, createdAt } from "./columns";
import { drafts } from "./drafts";
import { tenantKeys } from "./installations";

export const proposedActions = pgTable(
  "proposed_actions",
  {
    ...tenantKeys(),
    draftId: cascadeRef(() => drafts.id),
    position: integer().notNull(),
    type: text().notNull(),
    kind: text({ enum: ["field", "business"] }).notNull(),
    title: text(),
    params: jsonb().$type<Record<string, unknown>>().notNull(),
    rationale: text().notNull(),
    risk: text({ enum: ["low", "medium", "high"] }).notNull(),
    approval: text({ enum: ["auto", "required"] }).notNull(),
    /** Target params as the policy declared them when proposed: what the agent saw locked. */
    targetParams: jsonb().$type<string[]>().notNull().default([]),
    addedBy: text({ enum: ["drafter", "agent"] })
      .notNull()
      .default("drafter"),
    /** The promise kinds the action backed per the policy when proposed (what the agent saw). */
    fulfils: jsonb().$type<CommitmentKind[]>().notNull().default([]),
    /** The params the policy's schema declared when proposed: the fields the agent was shown. */
    paramFields: jsonb().$type<ParamField[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [index("proposed_actions_draft_idx").on(t.draftId, t.position)],
);

export type ProposedActionRow = typeof proposedActions.$inferSelect;
