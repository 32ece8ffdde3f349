import { pgTable, text, unique } from "drizzle-orm/pg-core";
import { cascadeRef, createdAt, id } from "./columns";

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

/** The installation that owns a tenant row: deleting an installation deletes all its data. */
export const installationRef = () => cascadeRef(() => installations.id);

/** The columns every tenant table with its own key starts with. */
export const tenantKeys = () => ({ id: id(), installationId: installationRef() });

export type InstallationRow = typeof installations.$inferSelect;
export type NewInstallationRow = typeof installations.$inferInsert;
