import {
  boolean,
  index,
  integer,
  pgTable,
  real,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import { cascadeRef, createdAt } from "./columns";
import { drafts } from "./drafts";
import { tenantKeys } from "./installations";

/**
 * One human decision on one draft. Columns used by analytics (platform, intent, mode, agent) are
 * copied from the draft so summaries never join across large tables.
 */
export const decisions = pgTable(
  "decisions",
  {
    ...tenantKeys(),
    draftId: cascadeRef(() => drafts.id),
    idempotencyKey: text().notNull(),
    ticketId: text().notNull(),
    ticketRevision: text().notNull(),
    platform: text({ enum: ["zendesk", "freshdesk"] }).notNull(),
    intent: text().notNull(),
    mode: text({ enum: ["model", "offline"] }).notNull(),
    agentId: text().notNull(),
    agentName: text().notNull(),
    /** `verified` only when the helpdesk signed the identity; see AgentIdentitySchema. */
    agentIdentity: text({ enum: ["asserted", "verified"] })
      .notNull()
      .default("asserted"),
    /** The newer ticket revision the agent read before deciding on an older draft. */
    seenTicketRevision: text(),
    /** The agent confirmed the reply's unbacked commitments in the UI. */
    acknowledgedCommitments: boolean().notNull().default(false),
    /** What the sidebar reported after the decision: the reply reached the editor, or not. */
    replyInserted: boolean(),
    replyInsertError: text(),
    replyOutcome: text({ enum: ["accepted", "edited", "rejected"] }).notNull(),
    replyBody: text(),
    reasonCode: text(),
    reasonNote: text(),
    /** Levenshtein distance / longer length between the draft and the approved (later: sent) text. */
    editDistance: real(),
    sentBody: text(),
    sentAt: timestamp({ withTimezone: true }),
    timeToDecisionMs: integer(),
    draftCreatedAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique("decisions_idempotency_uq").on(t.installationId, t.idempotencyKey),
    unique("decisions_draft_uq").on(t.draftId),
    index("decisions_installation_created_idx").on(t.installationId, t.createdAt),
    index("decisions_ticket_idx").on(t.installationId, t.ticketId),
  ],
);

export type DecisionRow = typeof decisions.$inferSelect;
