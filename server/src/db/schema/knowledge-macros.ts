import type { ProposedActionInput } from "@tandem/shared";
import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, real, text, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, regconfig, tsvector, updatedAt } from "./columns";
import { installations } from "./installations";

export const knowledgeMacros = pgTable(
  "knowledge_macros",
  {
    id: id(),
    installationId: uuid()
      .notNull()
      .references(() => installations.id, { onDelete: "cascade" }),
    externalId: text().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    locale: text().notNull(),
    actions: jsonb().$type<ProposedActionInput[]>().notNull().default([]),
    source: text().notNull().default("api"),
    tsConfig: regconfig().notNull(),
    searchVector: tsvector().generatedAlwaysAs(
      sql`setweight(to_tsvector(ts_config, coalesce(title, '')), 'A') || setweight(to_tsvector(ts_config, coalesce(body, '')), 'B')`,
    ),
    embedding: real().array(),
    embeddingModel: text(),
    contentHash: text().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("knowledge_macros_external_uq").on(t.installationId, t.externalId),
    index("knowledge_macros_search_idx").using("gin", t.searchVector),
    index("knowledge_macros_installation_locale_idx").on(t.installationId, t.locale),
  ],
);

export type KnowledgeMacroRow = typeof knowledgeMacros.$inferSelect;
