import { index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { tenantKeys } from "./installations";

export const apiTokens = pgTable(
  "api_tokens",
  {
    ...tenantKeys(),
    name: text().notNull(),
    scopes: text().array().notNull(),
    /** SHA-256 of the token; the token itself is shown once and never stored. */
    tokenHash: text().notNull().unique(),
    prefix: text().notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("api_tokens_installation_idx").on(t.installationId)],
);

export type ApiTokenRow = typeof apiTokens.$inferSelect;
