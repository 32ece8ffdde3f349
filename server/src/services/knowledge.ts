import type {
  Article,
  ArticleInput,
  KnowledgeHit,
  Macro,
  MacroInput,
  ProposedActionInput,
} from "@tandem/shared";
import {
  and,
  eq,
  getTableColumns,
  inArray,
  isNotNull,
  isNull,
  ne,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import {
  type KnowledgeArticleRow,
  type KnowledgeMacroRow,
  knowledgeArticles,
  knowledgeMacros,
} from "../db/schema";
import { AppError, type ErrorIssue } from "../errors";
import { sha256 } from "../lib/crypto";
import { preparedPer } from "../lib/prepared";
import { resolveEmbedder } from "../llm";
import type { Embedder } from "../llm/types";
import type { ServiceContext, TenantContext } from "../types";
import {
  detectLanguage,
  isStopword,
  loadLanguageDetector,
  normalizeLanguage,
  tsConfigFor,
  words,
} from "./drafting/language";
import { describeIssues, loadCatalog } from "./policy";

function normalizeLocale(locale: string): string {
  const [lang, ...rest] = locale.replace(/_/g, "-").split("-");
  return [lang?.toLowerCase(), ...rest.map((p) => (p.length === 2 ? p.toUpperCase() : p))].join(
    "-",
  );
}

/** The locale given, or the one the text is written in. */
function localeOf(given: string | undefined, text: string): string {
  if (given) return normalizeLocale(given);
  const detected = detectLanguage(text);
  return detected.confidence >= 0.4 ? detected.language : "en";
}

export function toArticle(row: KnowledgeArticleRow): Article {
  return {
    id: row.id,
    externalId: row.externalId,
    title: row.title,
    body: row.body,
    ...(row.url ? { url: row.url } : {}),
    locale: row.locale,
    visibility: row.visibility,
    tags: row.tags,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toMacro(row: KnowledgeMacroRow): Macro {
  return {
    id: row.id,
    externalId: row.externalId,
    title: row.title,
    body: row.body,
    locale: row.locale,
    actions: row.actions,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Text embedded for a knowledge item: its title and the start of its body. */
function embeddingText(title: string, body: string): string {
  return `${title}\n\n${body}`.slice(0, 6_000);
}

async function embedOrNull(
  ctx: ServiceContext,
  embedder: Embedder | null,
  text: string,
): Promise<{ embedding: number[] | null; embeddingModel: string | null }> {
  if (!embedder) return { embedding: null, embeddingModel: null };
  try {
    const [vector] = await embedder.embed([text]);
    return vector
      ? { embedding: vector, embeddingModel: embedder.model }
      : { embedding: null, embeddingModel: null };
  } catch (err) {
    // Retrieval still works on full-text search; the item is embedded on its next update.
    ctx.logger.warn({ err: err instanceof Error ? err.message : String(err) }, "embedding failed");
    return { embedding: null, embeddingModel: null };
  }
}

type KnowledgeTable = typeof knowledgeArticles | typeof knowledgeMacros;

/** Articles and macros share storage and lifecycle; only their own columns and API shape differ. */
interface KnowledgeKind<T extends KnowledgeTable, Api> {
  table: T;
  toApi: (row: T["$inferSelect"]) => Api;
  /** "Article" or "Macro", for error messages. */
  noun: string;
}

const articleKind: KnowledgeKind<typeof knowledgeArticles, Article> = {
  table: knowledgeArticles,
  toApi: toArticle,
  noun: "Article",
};

const macroKind: KnowledgeKind<typeof knowledgeMacros, Macro> = {
  table: knowledgeMacros,
  toApi: toMacro,
  noun: "Macro",
};

/** Columns every kind fills the same way in upsertItem. */
type CommonInsert = Pick<
  typeof knowledgeArticles.$inferInsert,
  "installationId" | "externalId" | "title" | "body" | "locale" | "tsConfig" | "contentHash"
>;

function byExternalId(table: KnowledgeTable, installationId: string, externalId: string) {
  return and(eq(table.installationId, installationId), eq(table.externalId, externalId));
}

/**
 * Inserts or replaces one item. Its embedding is kept when neither the text nor the embedder's
 * model changed, so re-syncing unchanged knowledge costs no model calls.
 */
async function upsertItem<T extends KnowledgeTable, Api>(
  ctx: ServiceContext,
  kind: KnowledgeKind<T, Api>,
  installationId: string,
  externalId: string,
  input: { title: string; body: string; locale?: string | undefined },
  /** The kind's own columns (an article's url, visibility and tags; a macro's actions). */
  columns: Omit<T["$inferInsert"], keyof CommonInsert>,
): Promise<{ item: Api; created: boolean }> {
  const { table } = kind;
  const embedder = resolveEmbedder(ctx);
  if (!input.locale) await loadLanguageDetector();
  const locale = localeOf(input.locale, `${input.title}\n${input.body}`);
  const contentHash = sha256(JSON.stringify([input.title, input.body, locale]));
  const [existing] = await ctx.db
    .select({ contentHash: table.contentHash, embeddingModel: table.embeddingModel })
    .from(table as KnowledgeTable)
    .where(byExternalId(table, installationId, externalId));
  const keepEmbedding =
    existing?.contentHash === contentHash && existing.embeddingModel === (embedder?.model ?? null);
  const vector = keepEmbedding
    ? null
    : await embedOrNull(ctx, embedder, embeddingText(input.title, input.body));
  const values = {
    title: input.title,
    body: input.body,
    locale,
    ...columns,
    tsConfig: tsConfigFor(locale),
    contentHash,
    ...(vector ?? {}),
  };
  const [row] = await ctx.db
    .insert(table as KnowledgeTable)
    .values({ installationId, externalId, ...values })
    .onConflictDoUpdate({
      target: [table.installationId, table.externalId],
      set: { ...values, updatedAt: ctx.clock.now() },
    })
    .returning();
  if (!row) throw new Error(`${kind.noun.toLowerCase()} upsert returned nothing`);
  evictVectors(installationId);
  return { item: kind.toApi(row as T["$inferSelect"]), created: !existing };
}

async function deleteItem<T extends KnowledgeTable, Api>(
  db: DbOrTx,
  kind: KnowledgeKind<T, Api>,
  installationId: string,
  externalId: string,
): Promise<void> {
  const rows = await db
    .delete(kind.table)
    .where(byExternalId(kind.table, installationId, externalId))
    .returning({ id: kind.table.id });
  if (rows.length === 0) throw new AppError("NOT_FOUND", `${kind.noun} not found`);
  evictVectors(installationId);
}

async function getItem<T extends KnowledgeTable, Api>(
  db: DbOrTx,
  kind: KnowledgeKind<T, Api>,
  installationId: string,
  externalId: string,
): Promise<Api> {
  const [row] = await db
    .select()
    .from(kind.table as KnowledgeTable)
    .where(byExternalId(kind.table, installationId, externalId));
  if (!row) throw new AppError("NOT_FOUND", `${kind.noun} not found`);
  return kind.toApi(row as T["$inferSelect"]);
}

/** Creates or replaces one of the caller's articles; `created` tells which. */
export async function upsertArticle({
  ctx,
  input,
}: {
  ctx: TenantContext;
  input: { externalId: string; article: ArticleInput };
}): Promise<{ article: Article; created: boolean }> {
  const { externalId, article } = input;
  const installationId = ctx.tenant.installationId;
  const columns = {
    url: article.url ?? null,
    visibility: article.visibility,
    tags: article.tags ?? [],
  };
  const upserted = await upsertItem(ctx, articleKind, installationId, externalId, article, columns);
  return { article: upserted.item, created: upserted.created };
}

/** Macro actions must name a catalog action with valid params; blocked ones are kept but never proposed. */
async function checkMacroActions(
  ctx: ServiceContext,
  installationId: string,
  actions: ProposedActionInput[],
): Promise<void> {
  if (actions.length === 0) return;
  const catalog = await loadCatalog(ctx.db, installationId);
  const issues: ErrorIssue[] = [];
  actions.forEach((action, index) => {
    if (!catalog.entry(action.type)) {
      issues.push({
        path: `actions.${index}.type`,
        message: `'${action.type}' is neither a built-in action nor a business action in the policy`,
      });
      return;
    }
    const check = catalog.validateParams(action.type, action.params);
    if (!check.ok) {
      for (const message of describeIssues(check.issues).slice(0, 5)) {
        issues.push({ path: `actions.${index}.params`, message: message.slice(0, 500) });
      }
    }
  });
  if (issues.length > 0) throw new AppError("BAD_REQUEST", "Invalid macro actions", issues);
}

/** Creates or replaces one of the caller's macros; its actions must be valid in the policy. */
export async function upsertMacro({
  ctx,
  input,
}: {
  ctx: TenantContext;
  input: { externalId: string; macro: MacroInput };
}): Promise<{ macro: Macro; created: boolean }> {
  const { externalId, macro } = input;
  const installationId = ctx.tenant.installationId;
  const actions = macro.actions ?? [];
  await checkMacroActions(ctx, installationId, actions);
  const { item, created } = await upsertItem(ctx, macroKind, installationId, externalId, macro, {
    actions,
  });
  return { macro: item, created };
}

type ItemInput = { ctx: TenantContext; input: { externalId: string } };

export async function deleteArticle({ ctx, input }: ItemInput): Promise<void> {
  await deleteItem(ctx.db, articleKind, ctx.tenant.installationId, input.externalId);
}

export async function deleteMacro({ ctx, input }: ItemInput): Promise<void> {
  await deleteItem(ctx.db, macroKind, ctx.tenant.installationId, input.externalId);
}

export async function getArticle({ ctx, input }: ItemInput): Promise<Article> {
  return getItem(ctx.db, articleKind, ctx.tenant.installationId, input.externalId);
}

export async function getMacro({ ctx, input }: ItemInput): Promise<Macro> {
  return getItem(ctx.db, macroKind, ctx.tenant.installationId, input.externalId);
}

/**
 * An OR query of the text's distinctive words, safe for to_tsquery: only letters and digits
 * survive, so nothing in customer text can become tsquery syntax.
 */
export function orQuery(text: string, maxTerms = 32): string {
  const seen = new Set<string>();
  for (const raw of words(text.slice(0, 4_000)).concat(text.match(/\b\d{3,}\b/g) ?? [])) {
    const word = raw.replace(/['’]/g, "");
    if (word.length < 3 || isStopword(raw) || isStopword(word)) continue;
    if (!/^[\p{L}\p{N}]+$/u.test(word)) continue;
    seen.add(word);
    if (seen.size >= maxTerms) break;
  }
  return [...seen].join(" | ");
}

export interface Source {
  /** S1, S2… : the only ids the model may cite. */
  ref: string;
  kind: "article" | "macro";
  id: string;
  externalId: string;
  title: string;
  body: string;
  url?: string;
  locale: string;
  language: string;
  internal: boolean;
  score: number;
  actions: ProposedActionInput[];
}

interface Candidate extends Omit<Source, "ref"> {
  textRank: number;
  vectorRank: number;
}

/**
 * Full-text matches of articles and macros, best first per kind, in one prepared statement (one
 * round trip: on PGlite every statement also pays a fixed cost in the WASM bridge). The query is
 * parsed once per text search configuration (a few dozen), not once per item: per item it cost
 * more than the match itself with a hundred articles. The search vector and the embedding are
 * not read back: nothing here uses them and they are the largest columns.
 */
const textMatchesQuery = (byLanguage: boolean) =>
  preparedPer((db: DbOrTx) => {
    const installation = sql.placeholder("installationId");
    const limit = sql.placeholder("limit");
    const filter = byLanguage
      ? sql` and (lower(item.locale) = ${sql.placeholder("language")} or lower(item.locale) like ${sql.placeholder("languagePrefix")})`
      : sql``;
    const matches = (table: KnowledgeTable, kind: "article" | "macro", columns: SQL) =>
      sql`(select ${sql.raw(`'${kind}'`)} as kind, item.id, item.external_id, item.title, item.body,
          item.locale, ${columns}, ts_rank_cd(item.search_vector, item_query.query, 32) as rank
        from ${table} as item join item_query on item_query.config = item.ts_config
        where item.installation_id = ${installation} and item.search_vector @@ item_query.query${filter}
        order by rank desc limit ${limit})`;
    const column = <T>(name: string) =>
      sql<T>`${sql.identifier("matches")}.${sql.identifier(name)}`;
    return db
      .select({
        kind: column<"article" | "macro">("kind"),
        id: column<string>("id"),
        externalId: column<string>("external_id"),
        title: column<string>("title"),
        body: column<string>("body"),
        locale: column<string>("locale"),
        url: column<string | null>("url"),
        visibility: column<"public" | "internal">("visibility"),
        actions: column<ProposedActionInput[]>("actions").mapWith(knowledgeMacros.actions),
        rank: column<number>("rank").mapWith(Number),
      })
      .from(
        sql`(with item_query as (select c.oid::regconfig as config,
            to_tsquery(c.oid::regconfig, ${sql.placeholder("query")}) as query from pg_ts_config c)
          ${matches(knowledgeArticles, "article", sql`item.url, item.visibility, '[]'::jsonb as actions`)}
          union all
          ${matches(knowledgeMacros, "macro", sql`null::text as url, 'public'::text as visibility, item.actions`)}) as matches`,
      )
      .prepare(byLanguage ? "knowledge_text_matches_in_language" : "knowledge_text_matches");
  });
const textMatchesQueries = { any: textMatchesQuery(false), inLanguage: textMatchesQuery(true) };

async function textCandidates(
  db: DbOrTx,
  installationId: string,
  query: string,
  options: { language?: string | undefined; limit: number },
): Promise<Candidate[]> {
  if (!query) return [];
  const values = { installationId, query, limit: options.limit };
  const rows = options.language
    ? await textMatchesQueries
        .inLanguage(db)
        .execute({ ...values, language: options.language, languagePrefix: `${options.language}-%` })
    : await textMatchesQueries.any(db).execute(values);
  return rows.map(({ rank, kind, url, visibility, actions, ...item }) => ({
    ...item,
    kind,
    ...(url ? { url } : {}),
    language: normalizeLanguage(item.locale) ?? "en",
    internal: kind === "article" && visibility === "internal",
    score: 0,
    actions: kind === "macro" ? actions : [],
    textRank: Number(rank),
    vectorRank: 0,
  }));
}

function articleCandidate(row: KnowledgeArticleRow, textRank: number): Candidate {
  return {
    kind: "article",
    id: row.id,
    externalId: row.externalId,
    title: row.title,
    body: row.body,
    ...(row.url ? { url: row.url } : {}),
    locale: row.locale,
    language: normalizeLanguage(row.locale) ?? "en",
    internal: row.visibility === "internal",
    score: 0,
    actions: [],
    textRank,
    vectorRank: 0,
  };
}

function macroCandidate(row: KnowledgeMacroRow, textRank: number): Candidate {
  return {
    kind: "macro",
    id: row.id,
    externalId: row.externalId,
    title: row.title,
    body: row.body,
    locale: row.locale,
    language: normalizeLanguage(row.locale) ?? "en",
    internal: false,
    score: 0,
    actions: row.actions,
    textRank,
    vectorRank: 0,
  };
}

interface VectorEntry {
  kind: "article" | "macro";
  id: string;
  vector: Float32Array;
  norm: number;
}

/**
 * Each installation's embeddings, held in memory for VECTOR_TTL_MS (drafting would otherwise
 * read every vector on every draft). Writes in this process evict the entry at once.
 */
const vectorIndex = new Map<string, { at: number; model: string; entries: VectorEntry[] }>();
const VECTOR_TTL_MS = 30_000;

function evictVectors(installationId: string): void {
  vectorIndex.delete(installationId);
}

function toEntry(
  kind: "article" | "macro",
  id: string,
  embedding: number[] | null,
): VectorEntry | null {
  if (!embedding || embedding.length === 0) return null;
  const vector = Float32Array.from(embedding);
  let norm = 0;
  for (const v of vector) norm += v * v;
  return norm === 0 ? null : { kind, id, vector, norm: Math.sqrt(norm) };
}

async function loadVectors(
  db: DbOrTx,
  installationId: string,
  model: string,
): Promise<VectorEntry[]> {
  const cached = vectorIndex.get(installationId);
  if (cached && cached.model === model && Date.now() - cached.at < VECTOR_TTL_MS)
    return cached.entries;
  const embeddingsOf = (table: KnowledgeTable) =>
    db
      .select({ id: table.id, embedding: table.embedding })
      .from(table)
      .where(
        and(
          eq(table.installationId, installationId),
          isNotNull(table.embedding),
          eq(table.embeddingModel, model),
        ),
      )
      .limit(10_000);
  const [articles, macros] = await Promise.all([
    embeddingsOf(knowledgeArticles),
    embeddingsOf(knowledgeMacros),
  ]);
  const entries = [
    ...articles.map((r) => toEntry("article", r.id, r.embedding)),
    ...macros.map((r) => toEntry("macro", r.id, r.embedding)),
  ].filter((e): e is VectorEntry => e !== null);
  if (vectorIndex.size > 1_000) vectorIndex.clear();
  vectorIndex.set(installationId, { at: Date.now(), model, entries });
  return entries;
}

/** Nearest items by cosine similarity; vectors are compared in process (no pgvector on PGlite). */
async function vectorCandidates(
  db: DbOrTx,
  installationId: string,
  query: number[],
  model: string,
  limit: number,
): Promise<Candidate[]> {
  const q = toEntry("article", "", query);
  if (!q) return [];
  const entries = await loadVectors(db, installationId, model);
  const best = entries
    .map((e) => {
      let dot = 0;
      const n = Math.min(e.vector.length, q.vector.length);
      for (let i = 0; i < n; i += 1) dot += (e.vector[i] ?? 0) * (q.vector[i] ?? 0);
      return { e, sim: dot / (e.norm * q.norm) };
    })
    .filter((s) => s.sim > 0.2)
    .sort((a, b) => b.sim - a.sim)
    .slice(0, limit);
  if (best.length === 0) return [];
  const articleIds = best.filter((b) => b.e.kind === "article").map((b) => b.e.id);
  const macroIds = best.filter((b) => b.e.kind === "macro").map((b) => b.e.id);
  // As in rankedMatches: the search vector and the embedding are the largest columns and unused.
  const rowsById = (table: KnowledgeTable, ids: string[]) => {
    const { searchVector: _vector, embedding: _embedding, ...row } = getTableColumns(table);
    return ids.length
      ? db
          .select(row)
          .from(table)
          .where(and(eq(table.installationId, installationId), inArray(table.id, ids)))
      : Promise.resolve([]);
  };
  const [articles, macros] = (await Promise.all([
    rowsById(knowledgeArticles, articleIds),
    rowsById(knowledgeMacros, macroIds),
  ])) as [KnowledgeArticleRow[], KnowledgeMacroRow[]];
  const sims = new Map(best.map((b) => [`${b.e.kind}:${b.e.id}`, b.sim]));
  return [
    ...articles.map((row) => ({
      ...articleCandidate(row, 0),
      vectorRank: sims.get(`article:${row.id}`) ?? 0,
    })),
    ...macros.map((row) => ({
      ...macroCandidate(row, 0),
      vectorRank: sims.get(`macro:${row.id}`) ?? 0,
    })),
  ];
}

/**
 * Embeds knowledge items that have no embedding for the embedder's model (created while the
 * endpoint was down, or before a key was configured), a batch at a time. Returns how many.
 */
export async function backfillEmbeddings(
  ctx: ServiceContext,
  installationId: string,
  options: { limit?: number; embedder?: Embedder | null } = {},
): Promise<number> {
  const embedder = options.embedder !== undefined ? options.embedder : resolveEmbedder(ctx);
  if (!embedder) return 0;
  const limit = options.limit ?? 64;
  const missingOf = (table: KnowledgeTable) =>
    ctx.db
      .select({ id: table.id, title: table.title, body: table.body })
      .from(table)
      .where(
        and(
          eq(table.installationId, installationId),
          or(isNull(table.embedding), ne(table.embeddingModel, embedder.model)),
        ),
      )
      .limit(limit);
  const [articles, macros] = await Promise.all([
    missingOf(knowledgeArticles),
    missingOf(knowledgeMacros),
  ]);
  const items = [
    ...articles.map((a) => ({ ...a, kind: "article" as const })),
    ...macros.map((m) => ({ ...m, kind: "macro" as const })),
  ].slice(0, limit);
  let done = 0;
  for (let i = 0; i < items.length; i += 16) {
    const batch = items.slice(i, i + 16);
    const vectors = await embedder.embed(batch.map((item) => embeddingText(item.title, item.body)));
    for (const [index, item] of batch.entries()) {
      const embedding = vectors[index];
      if (!embedding) continue;
      const table = item.kind === "article" ? knowledgeArticles : knowledgeMacros;
      await ctx.db
        .update(table)
        .set({ embedding, embeddingModel: embedder.model })
        .where(and(eq(table.installationId, installationId), eq(table.id, item.id)));
      done += 1;
    }
  }
  if (done > 0) evictVectors(installationId);
  return done;
}

const lastBackfill = new Map<string, number>();
const BACKFILL_EVERY_MS = 10 * 60_000;

/** Starts a backfill in the background at most every BACKFILL_EVERY_MS per installation. */
function maybeBackfill(ctx: ServiceContext, installationId: string, embedder: Embedder): void {
  const now = Date.now();
  if (now - (lastBackfill.get(installationId) ?? 0) < BACKFILL_EVERY_MS) return;
  if (lastBackfill.size > 10_000) lastBackfill.clear();
  lastBackfill.set(installationId, now);
  backfillEmbeddings(ctx, installationId, { embedder }).catch((err) => {
    ctx.logger.warn(
      { err: err instanceof Error ? err.message : String(err) },
      "embedding backfill failed",
    );
  });
}

const MIN_SOURCE_SCORE = 0.05;
const STRONG_TEXT_MATCH = 0.3;

export interface RetrieveOptions {
  /** Text to search with (already masked if it may leave the server, e.g. for embeddings). */
  text: string;
  /** The customer's language: items in it rank first. */
  language: string;
  embedder?: Embedder | null;
  maxArticles?: number;
  maxMacros?: number;
}

/**
 * The knowledge most relevant to a ticket: full-text search in each item's own language
 * configuration, fused with embedding similarity when an embedder is configured; items in
 * the customer's language are preferred. Returns sources numbered S1, S2… for citing.
 */
export async function retrieveSources(
  ctx: ServiceContext,
  installationId: string,
  options: RetrieveOptions,
): Promise<Source[]> {
  const query = orQuery(options.text);
  const textList = await textCandidates(ctx.db, installationId, query, { limit: 12 });
  // Embeddings cost a round trip to the model endpoint before drafting can start: they are
  // asked only when full-text search found nothing convincing in the customer's language.
  const confident = textList.some(
    (c) => c.language === options.language && c.textRank >= STRONG_TEXT_MATCH,
  );
  let vectorList: Candidate[] = [];
  let usedVectors = false;
  if (options.embedder && !confident) {
    try {
      const [vector] = await options.embedder.embed([options.text.slice(0, 6_000)]);
      if (vector) {
        vectorList = await vectorCandidates(
          ctx.db,
          installationId,
          vector,
          options.embedder.model,
          12,
        );
        usedVectors = true;
        maybeBackfill(ctx, installationId, options.embedder);
      }
    } catch (err) {
      ctx.logger.warn(
        { err: err instanceof Error ? err.message : String(err) },
        "query embedding failed",
      );
    }
  }
  const merged = new Map<string, Candidate>();
  for (const c of [...textList, ...vectorList]) {
    const key = `${c.kind}:${c.id}`;
    const prev = merged.get(key);
    merged.set(
      key,
      prev
        ? {
            ...prev,
            textRank: Math.max(prev.textRank, c.textRank),
            vectorRank: Math.max(prev.vectorRank, c.vectorRank),
          }
        : c,
    );
  }
  const scored = [...merged.values()].map((c) => {
    const relevance = usedVectors
      ? 0.5 * c.textRank + 0.5 * Math.max(0, (c.vectorRank - 0.2) / 0.8)
      : c.textRank;
    const languageFactor = c.language === options.language ? 1 : 0.5;
    return { ...c, score: Number((relevance * languageFactor).toFixed(4)) };
  });
  // Weak matches cost prompt tokens and invite wrong citations.
  const relevant = scored.filter((c) => c.score >= MIN_SOURCE_SCORE);
  relevant.sort((a, b) => b.score - a.score);
  const articles = relevant.filter((c) => c.kind === "article").slice(0, options.maxArticles ?? 3);
  const macros = relevant.filter((c) => c.kind === "macro").slice(0, options.maxMacros ?? 2);
  return [...macros, ...articles]
    .sort((a, b) => b.score - a.score)
    .map(({ textRank: _t, vectorRank: _v, ...c }, i) => ({ ...c, ref: `S${i + 1}` }));
}

/** GET /v1/knowledge/search: the same ranking retrieval uses, for debugging it. */
export async function searchKnowledge({
  ctx,
  input,
}: {
  ctx: TenantContext;
  input: { q: string; locale?: string | undefined; limit: number };
}): Promise<KnowledgeHit[]> {
  const language = normalizeLanguage(input.locale) ?? undefined;
  const candidates = await textCandidates(ctx.db, ctx.tenant.installationId, orQuery(input.q), {
    language,
    limit: input.limit,
  });
  return candidates
    .sort((a, b) => b.textRank - a.textRank)
    .slice(0, input.limit)
    .map((c) => ({
      kind: c.kind,
      id: c.id,
      externalId: c.externalId,
      title: c.title,
      ...(c.url ? { url: c.url } : {}),
      locale: c.locale,
      internal: c.internal,
      score: Number(c.textRank.toFixed(4)),
      snippet: c.body.replace(/\s+/g, " ").slice(0, 280),
    }));
}
