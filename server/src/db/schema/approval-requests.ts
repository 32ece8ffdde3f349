import { boolean, index, jsonb, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";
import { tenantKeys } from "./installations";

/** "Consult a human": a change an external AI agent wants a person to approve first. */
export const approvalRequests = pgTable(
  "approval_requests",
  {
    ...tenantKeys(),
    ticketId: text().notNull(),
    status: text({
      enum: ["pending", "approved", "rejected", "expired", "executed", "failed"],
    }).notNull(),
    actionType: text().notNull(),
    actionTitle: text(),
    actionParams: jsonb().$type<Record<string, unknown>>().notNull(),
    risk: text({ enum: ["low", "medium", "high"] }).notNull(),
    before: jsonb().$type<Record<string, unknown>>(),
    summary: text().notNull(),
    requestedById: text().notNull(),
    requestedByName: text().notNull(),
    requestedByKind: text({ enum: ["bot", "human"] }).notNull(),
    callbackUrl: text(),
    callbackStatus: text({ enum: ["none", "pending", "delivered", "failed"] })
      .notNull()
      .default("none"),
    idempotencyKey: text(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    decidedById: text(),
    decidedByName: text(),
    decisionIdempotencyKey: text(),
    decisionOutcome: text({ enum: ["approved", "rejected"] }),
    decisionParams: jsonb().$type<Record<string, unknown>>(),
    paramsEdited: boolean(),
    comment: text(),
    reasonCode: text(),
    decidedByIdentity: text({ enum: ["asserted", "verified"] }),
    decidedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("approval_requests_idempotency_uq").on(t.installationId, t.idempotencyKey),
    index("approval_requests_ticket_idx").on(t.installationId, t.ticketId, t.status),
    index("approval_requests_expiry_idx").on(t.status, t.expiresAt),
  ],
);

export type ApprovalRequestRow = typeof approvalRequests.$inferSelect;
