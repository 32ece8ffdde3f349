import type { Citation, Commitment, Triage } from "@tandem/shared";
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { tenantKeys } from "./installations";

export const drafts = pgTable(
  "drafts",
  {
    ...tenantKeys(),
    platform: text({ enum: ["zendesk", "freshdesk"] }).notNull(),
    ticketId: text().notNull(),
    ticketRevision: text().notNull(),
    mode: text({ enum: ["model", "offline"] }).notNull(),
    model: text(),
    promptVersion: text().notNull(),
    fallbackReason: text(),
    /** How the draft was requested: by a sidebar, or ahead of time from a webhook. */
    origin: text({ enum: ["sidebar", "webhook", "api"] })
      .notNull()
      .default("sidebar"),
    replyBody: text().notNull(),
    replyLanguage: text().notNull(),
    summary: text().notNull(),
    triage: jsonb().$type<Triage>().notNull(),
    intent: text().notNull(),
    confidence: real().notNull(),
    rationale: jsonb().$type<string[]>().notNull(),
    citations: jsonb().$type<Citation[]>().notNull(),
    /** Sentences of the reply that promise an action, and the proposed action backing each. */
    commitments: jsonb().$type<Commitment[]>().notNull().default([]),
    /** False when the latest public message was the agent's when the draft was made. */
    needsReply: boolean().notNull().default(true),
    instruction: text(),
    inputTokens: integer(),
    outputTokens: integer(),
    latencyMs: integer().notNull(),
    requestedById: text(),
    firstShownAt: timestamp({ withTimezone: true }),
    shownById: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index("drafts_ticket_revision_idx").on(
      t.installationId,
      t.ticketId,
      t.ticketRevision,
      t.createdAt,
    ),
    index("drafts_installation_created_idx").on(t.installationId, t.createdAt),
  ],
);

export type DraftRow = typeof drafts.$inferSelect;
export type NewDraftRow = typeof drafts.$inferInsert;
