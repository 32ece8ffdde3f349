import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, real, text, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, regconfig, tsvector, updatedAt } from "./columns";
import { installations } from "./installations";

export const knowledgeArticles = pgTable(
  "knowledge_articles",
  {
    id: id(),
    installationId: uuid()
      .notNull()
      .references(() => installations.id, { onDelete: "cascade" }),
    externalId: text().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    url: text(),
    locale: text().notNull(),
    visibility: text({ enum: ["public", "internal"] }).notNull(),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    /** Where the row came from: the API, or a helpdesk knowledge sync. */
    source: text().notNull().default("api"),
    tsConfig: regconfig().notNull(),
    searchVector: tsvector().generatedAlwaysAs(
      sql`setweight(to_tsvector(ts_config, coalesce(title, '')), 'A') || setweight(to_tsvector(ts_config, coalesce(body, '')), 'B')`,
    ),
    embedding: real().array(),
    embeddingModel: text(),
    contentHash: text().notNull(),
    metadata: jsonb().$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("knowledge_articles_external_uq").on(t.installationId, t.externalId),
    index("knowledge_articles_search_idx").using("gin", t.searchVector),
    index("knowledge_articles_installation_locale_idx").on(t.installationId, t.locale),
  ],
);

export type KnowledgeArticleRow = typeof knowledgeArticles.$inferSelect;
