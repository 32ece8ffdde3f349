import type { ProposedActionInput } from "@tandem/shared";
import { jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";
import { tenantKeys } from "./installations";
import { knowledgeConstraints, searchableContent } from "./knowledge-columns";

export const knowledgeMacros = pgTable(
  "knowledge_macros",
  {
    ...tenantKeys(),
    externalId: text().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    locale: text().notNull(),
    actions: jsonb().$type<ProposedActionInput[]>().notNull().default([]),
    source: text().notNull().default("api"),
    ...searchableContent(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => knowledgeConstraints("knowledge_macros", t),
);

export type KnowledgeMacroRow = typeof knowledgeMacros.$inferSelect;
