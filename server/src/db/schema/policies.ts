import type { PolicyInput } from "@tandem/shared";
import { integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { updatedAt } from "./columns";
import { installations } from "./installations";

/** One current policy per installation; every change is also in the audit log. */
export const policies = pgTable("policies", {
  installationId: uuid()
    .primaryKey()
    .references(() => installations.id, { onDelete: "cascade" }),
  version: integer().notNull().default(1),
  body: jsonb().$type<PolicyInput>().notNull(),
  updatedBy: text(),
  updatedAt: updatedAt(),
});

export type PolicyRow = typeof policies.$inferSelect;
