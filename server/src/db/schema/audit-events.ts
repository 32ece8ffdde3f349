import { bigserial, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { installations } from "./installations";

/** Append-only: a trigger (see the migrations) refuses UPDATE and DELETE. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    installationId: uuid()
      .notNull()
      .references(() => installations.id),
    type: text().notNull(),
    ticketId: text(),
    actorKind: text({ enum: ["agent", "bot", "system", "admin"] }).notNull(),
    actorId: text(),
    subjectId: text(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_events_ticket_idx").on(t.installationId, t.ticketId, t.id),
    index("audit_events_installation_idx").on(t.installationId, t.id),
  ],
);

export type AuditEventRow = typeof auditEvents.$inferSelect;
