import { index, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";
import { tenantKeys } from "./installations";

/**
 * Every accepted webhook delivery, keyed so that a redelivery (helpdesk retry, replay) is
 * recognised and ignored. Rows are pruned after the dedupe window.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    ...tenantKeys(),
    platform: text({ enum: ["zendesk", "freshdesk"] }).notNull(),
    /** The helpdesk's delivery id when it sends one, else a hash of the signed content. */
    deliveryKey: text().notNull(),
    ticketId: text(),
    event: text(),
    /** queued: a pre-draft job was enqueued; skipped: accepted but nothing to do (reason says why). */
    outcome: text({ enum: ["queued", "skipped"] }).notNull(),
    reason: text(),
    jobId: text(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("webhook_deliveries_key_uq").on(t.installationId, t.deliveryKey),
    index("webhook_deliveries_received_idx").on(t.receivedAt),
  ],
);

export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
