import { sql } from "drizzle-orm";
import { jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";
import { tenantKeys } from "./installations";
import { knowledgeConstraints, searchableContent } from "./knowledge-columns";

export const knowledgeArticles = pgTable(
  "knowledge_articles",
  {
    ...tenantKeys(),
    externalId: text().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    url: text(),
    locale: text().notNull(),
    visibility: text({ enum: ["public", "internal"] }).notNull(),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    /** Where the row came from: the API, or a helpdesk knowledge sync. */
    source: text().notNull().default("api"),
    ...searchableContent(),
    metadata: jsonb().$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => knowledgeConstraints("knowledge_articles", t),
);

export type KnowledgeArticleRow = typeof knowledgeArticles.$inferSelect;
