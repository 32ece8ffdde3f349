import { pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { cascadeRef } from "./columns";
import { decisions } from "./decisions";
import { installationRef } from "./installations";

/**
 * One decision answers a ticket revision: each decision claims the revision of its draft and the
 * newer one its agent saw. The primary key makes two decisions of one revision impossible, also
 * when they are written at the same instant, without a lock or a transaction around the write.
 */
export const decidedRevisions = pgTable(
  "decided_revisions",
  {
    installationId: installationRef(),
    ticketId: text().notNull(),
    revision: text().notNull(),
    decisionId: cascadeRef(() => decisions.id),
  },
  (t) => [
    primaryKey({
      name: "decided_revisions_pk",
      columns: [t.installationId, t.ticketId, t.revision],
    }),
  ],
);
