import { pgTable, text, unique } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns";

export const installations = pgTable(
  "installations",
  {
    id: id(),
    platform: text({ enum: ["zendesk", "freshdesk"] }).notNull(),
    subdomain: text().notNull(),
    name: text(),
    /** Encrypted at rest: the server needs the plaintext to check webhook signatures. */
    webhookSecretEnc: text().notNull(),
    /** Encrypted Zendesk JWT shared secret, when the admin configured one. */
    jwtSecretEnc: text(),
    createdAt: createdAt(),
  },
  (t) => [unique("installations_platform_subdomain_uq").on(t.platform, t.subdomain)],
);

export type InstallationRow = typeof installations.$inferSelect;
export type NewInstallationRow = typeof installations.$inferInsert;
