import { sql } from "drizzle-orm";
import { type AnyPgColumn, index, real, text, unique } from "drizzle-orm/pg-core";
import { regconfig, tsvector } from "./columns";

/**
 * What makes a knowledge row (article or macro) findable: full-text search over its title and
 * body in the language of its locale, an embedding for semantic search, and the hash a sync
 * compares to skip unchanged content.
 */
export const searchableContent = () => ({
  tsConfig: regconfig().notNull(),
  searchVector: tsvector().generatedAlwaysAs(
    sql`setweight(to_tsvector(ts_config, coalesce(title, '')), 'A') || setweight(to_tsvector(ts_config, coalesce(body, '')), 'B')`,
  ),
  embedding: real().array(),
  embeddingModel: text(),
  contentHash: text().notNull(),
});

interface KnowledgeColumns {
  installationId: AnyPgColumn;
  externalId: AnyPgColumn;
  locale: AnyPgColumn;
  searchVector: AnyPgColumn;
}

/** One row per helpdesk item and installation, with the full-text and per-locale lookups. */
export const knowledgeConstraints = (table: string, t: KnowledgeColumns) => [
  unique(`${table}_external_uq`).on(t.installationId, t.externalId),
  index(`${table}_search_idx`).using("gin", t.searchVector),
  index(`${table}_installation_locale_idx`).on(t.installationId, t.locale),
];
