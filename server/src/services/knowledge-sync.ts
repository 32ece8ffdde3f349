import { Limits } from "@tandem/shared";
import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { FreshdeskClient, FreshdeskFolder } from "../connectors/freshdesk";
import { HelpdeskApiError } from "../connectors/http";
import { htmlToText } from "../connectors/ticket-context";
import type { ZendeskArticle, ZendeskClient } from "../connectors/zendesk";
import { jobTenant, withTenant } from "../context";
import {
  type HelpdeskConnectionRow,
  helpdeskConnections,
  type InstallationRow,
  installations,
  type KnowledgeSyncStats,
  knowledgeArticles,
} from "../db/schema";
import { AppError } from "../errors";
import type { TenantContext } from "../types";
import { type ConnectorOptions, clientFromRow, getConnectionRow } from "./helpdesk-connections";
import { upsertArticle } from "./knowledge";
import type { SystemVerbArgs } from "./verb-args";

export const KNOWLEDGE_SYNC_QUEUE = "knowledge-sync";

export interface KnowledgeSyncSettings {
  /** How often each installation's knowledge is pulled. */
  intervalMinutes: number;
  /** A full listing (which finds deletions) runs at least this often; runs between are incremental. */
  fullEveryHours: number;
}

export const defaultKnowledgeSyncSettings: KnowledgeSyncSettings = {
  intervalMinutes: 30,
  fullEveryHours: 24,
};

export type SyncSource = "zendesk_sync" | "freshdesk_sync";

export interface SyncedArticle {
  externalId: string;
  title: string;
  body: string;
  url?: string;
  locale?: string;
  visibility: "public" | "internal";
  tags: string[];
}

const clip = (value: string, max: number) => (value.length > max ? value.slice(0, max) : value);

function tagsOf(values: string[] | undefined): string[] {
  return [
    ...new Set((values ?? []).map((t) => clip(t.trim(), Limits.tagLength)).filter(Boolean)),
  ].slice(0, 50);
}

function localeOf(value: string | null | undefined): string | undefined {
  return value && /^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$/.test(value) ? value : undefined;
}

function httpUrl(value: string | null | undefined): string | undefined {
  if (!value || value.length > Limits.urlLength) return undefined;
  return /^https?:\/\//i.test(value) ? value : undefined;
}

export function zendeskExternalId(id: number): string {
  return `zendesk:article:${id}`;
}

export function freshdeskExternalId(id: number): string {
  return `freshdesk:article:${id}`;
}

export function fromZendeskArticle(
  article: ZendeskArticle,
  staffSegments: Set<number>,
): SyncedArticle | null {
  const body = htmlToText(article.body ?? "");
  const title = article.title?.trim();
  if (!title || !body) return null;
  return {
    externalId: zendeskExternalId(article.id),
    title: clip(title, Limits.articleTitleLength),
    body: clip(body, Limits.articleBodyLength),
    url: httpUrl(article.html_url),
    locale: localeOf(article.locale),
    // Articles restricted to a staff segment are internal; "signed-in users" are still customers.
    visibility:
      article.user_segment_id !== null && staffSegments.has(article.user_segment_id)
        ? "internal"
        : "public",
    tags: tagsOf(article.label_names),
  };
}

/** Freshdesk folder visibility 3 = agents only, 5 = bots: not customer-facing. */
const FRESHDESK_INTERNAL_VISIBILITY = new Set([3, 5]);

interface SyncRun {
  ctx: TenantContext;
  installationId: string;
  source: SyncSource;
  stats: KnowledgeSyncStats;
}

async function existingOf(run: SyncRun, externalIds: string[]) {
  if (externalIds.length === 0) return new Map<string, typeof knowledgeArticles.$inferSelect>();
  const rows = await run.ctx.db
    .select()
    .from(knowledgeArticles)
    .where(
      and(
        eq(knowledgeArticles.installationId, run.installationId),
        inArray(knowledgeArticles.externalId, externalIds),
      ),
    );
  return new Map(rows.map((r) => [r.externalId, r]));
}

function same(row: typeof knowledgeArticles.$inferSelect, a: SyncedArticle, source: SyncSource) {
  return (
    row.source === source &&
    row.title === a.title &&
    row.body === a.body &&
    (row.url ?? undefined) === a.url &&
    row.visibility === a.visibility &&
    (a.locale === undefined ||
      row.locale.toLowerCase() === a.locale.replace(/_/g, "-").toLowerCase()) &&
    JSON.stringify(row.tags) === JSON.stringify(a.tags)
  );
}

/** Upserts changed articles in chunks; unchanged ones cost no write and no embedding. */
async function applyArticles(run: SyncRun, articles: SyncedArticle[]) {
  for (let i = 0; i < articles.length; i += 200) {
    const chunk = articles.slice(i, i + 200);
    const existing = await existingOf(
      run,
      chunk.map((a) => a.externalId),
    );
    for (const article of chunk) {
      const row = existing.get(article.externalId);
      if (row && row.source !== run.source) {
        // Managed through the API under the same id: the admin's copy wins.
        run.stats.skipped += 1;
        continue;
      }
      if (row && same(row, article, run.source)) {
        run.stats.unchanged += 1;
        continue;
      }
      const { externalId, ...input } = article;
      await upsertArticle({ ctx: run.ctx, input: { externalId, article: input } });
      if (!row) {
        await run.ctx.db
          .update(knowledgeArticles)
          .set({ source: run.source })
          .where(
            and(
              eq(knowledgeArticles.installationId, run.installationId),
              eq(knowledgeArticles.externalId, externalId),
            ),
          );
      }
      run.stats.upserted += 1;
    }
  }
}

async function deleteSynced(run: SyncRun, externalIds: string[]) {
  if (externalIds.length === 0) return;
  const rows = await run.ctx.db
    .delete(knowledgeArticles)
    .where(
      and(
        eq(knowledgeArticles.installationId, run.installationId),
        eq(knowledgeArticles.source, run.source),
        inArray(knowledgeArticles.externalId, externalIds),
      ),
    )
    .returning({ id: knowledgeArticles.id });
  run.stats.deleted += rows.length;
}

/** Deletes every synced article of this source that the helpdesk no longer lists. */
async function deleteMissing(run: SyncRun, keep: Set<string>) {
  const rows = await run.ctx.db
    .select({ externalId: knowledgeArticles.externalId })
    .from(knowledgeArticles)
    .where(
      and(
        eq(knowledgeArticles.installationId, run.installationId),
        eq(knowledgeArticles.source, run.source),
      ),
    );
  await deleteSynced(
    run,
    rows.map((r) => r.externalId).filter((id) => !keep.has(id)),
  );
}

async function staffSegmentsOf(client: ZendeskClient): Promise<Set<number>> {
  try {
    const segments = await client.listUserSegments();
    return new Set(segments.filter((s) => s.user_type === "staff").map((s) => s.id));
  } catch (err) {
    // Without Guide admin rights the segments are unreadable; restricted articles stay public.
    if (err instanceof HelpdeskApiError && (err.kind === "forbidden" || err.kind === "not_found")) {
      return new Set();
    }
    throw err;
  }
}

async function syncZendesk(
  run: SyncRun,
  client: ZendeskClient,
  connection: HelpdeskConnectionRow,
  full: boolean,
  startedAt: Date,
): Promise<string> {
  const staff = await staffSegmentsOf(client);
  const convert = (list: ZendeskArticle[]) => {
    const keep: SyncedArticle[] = [];
    const drop: string[] = [];
    for (const article of list) {
      const synced = article.draft ? null : fromZendeskArticle(article, staff);
      if (synced) keep.push(synced);
      else drop.push(zendeskExternalId(article.id));
    }
    return { keep, drop };
  };
  if (full) {
    const { keep, drop } = convert(await client.listAllArticles());
    await applyArticles(run, keep);
    await deleteSynced(run, drop);
    await deleteMissing(run, new Set(keep.map((a) => a.externalId)));
    // The next incremental run starts where this listing began (changes during it included).
    return String(Math.floor(startedAt.getTime() / 1000) - 60);
  }
  const since = Number(connection.syncCursor);
  const { articles, endTime } = await client.listArticlesChangedSince(since);
  const { keep, drop } = convert(articles);
  await applyArticles(run, keep);
  await deleteSynced(run, drop);
  return String(endTime);
}

async function foldersOf(client: FreshdeskClient, categoryId: number) {
  const all: FreshdeskFolder[] = [];
  let level = await client.listFolders(categoryId);
  // Nested folders inherit nothing we need; three levels is Freshdesk's maximum.
  for (let depth = 0; depth < 3 && level.length > 0; depth++) {
    all.push(...level);
    const next: FreshdeskFolder[] = [];
    for (const folder of level) next.push(...(await client.listSubfolders(folder.id)));
    level = next;
  }
  return all;
}

async function syncFreshdesk(run: SyncRun, client: FreshdeskClient) {
  // Freshdesk has no change feed for solutions: list everything, write only what changed.
  const keep: SyncedArticle[] = [];
  for (const category of await client.listCategories()) {
    for (const folder of await foldersOf(client, category.id)) {
      const visibility = FRESHDESK_INTERNAL_VISIBILITY.has(folder.visibility ?? 1)
        ? "internal"
        : "public";
      for (const article of await client.listArticles(folder.id)) {
        if (article.status !== 2) continue;
        const title = article.title?.trim();
        const body = (article.description_text ?? htmlToText(article.description ?? "")).trim();
        if (!title || !body) continue;
        keep.push({
          externalId: freshdeskExternalId(article.id),
          title: clip(title, Limits.articleTitleLength),
          body: clip(body, Limits.articleBodyLength),
          visibility,
          tags: tagsOf(article.tags),
        });
      }
    }
  }
  await applyArticles(run, keep);
  await deleteMissing(run, new Set(keep.map((a) => a.externalId)));
}

export interface SyncOptions {
  /** Force a full listing (finds deletions) instead of an incremental run. */
  full?: boolean;
  connector?: ConnectorOptions;
  settings?: KnowledgeSyncSettings;
}

/**
 * Pulls the installation's help-center articles into knowledge_articles (source
 * zendesk_sync / freshdesk_sync): incremental when possible, a full listing at least every
 * `fullEveryHours` (which is what propagates deletions), state kept on the connection row.
 */
export async function syncKnowledge({
  ctx,
  input: options = {},
}: {
  ctx: TenantContext;
  input?: SyncOptions;
}): Promise<{ stats: KnowledgeSyncStats; syncedAt: string }> {
  const settings = options.settings ?? defaultKnowledgeSyncSettings;
  const { installationId } = ctx.tenant;
  const [installation] = await ctx.db
    .select()
    .from(installations)
    .where(eq(installations.id, installationId));
  if (!installation) throw new AppError("NOT_FOUND", "Installation not found");
  const connection = await getConnectionRow(ctx.db, installationId);
  if (!connection) throw new AppError("NOT_FOUND", "No helpdesk credentials are stored");

  const startedAt = ctx.clock.now();
  const fullDue =
    !connection.lastFullSyncAt ||
    startedAt.getTime() - connection.lastFullSyncAt.getTime() > settings.fullEveryHours * 3_600_000;
  const source: SyncSource =
    installation.platform === "zendesk" ? "zendesk_sync" : "freshdesk_sync";
  const helpdesk = clientFromRow(
    ctx,
    installation as InstallationRow,
    connection,
    options.connector,
  );
  const full =
    helpdesk.platform === "freshdesk" ||
    options.full === true ||
    fullDue ||
    !connection.syncCursor ||
    !Number.isFinite(Number(connection.syncCursor));
  const run: SyncRun = {
    ctx: withTenant(ctx, jobTenant(installation)),
    installationId,
    source,
    stats: { upserted: 0, unchanged: 0, deleted: 0, skipped: 0, full },
  };

  try {
    let cursor: string | null = connection.syncCursor;
    if (helpdesk.platform === "zendesk") {
      cursor = await syncZendesk(run, helpdesk.client, connection, full, startedAt);
    } else {
      await syncFreshdesk(run, helpdesk.client);
    }
    const finishedAt = ctx.clock.now();
    await ctx.db
      .update(helpdeskConnections)
      .set({
        syncCursor: cursor,
        lastSyncedAt: finishedAt,
        ...(full ? { lastFullSyncAt: startedAt } : {}),
        lastSyncError: null,
        lastSyncStats: run.stats,
        syncFailures: 0,
      })
      .where(eq(helpdeskConnections.installationId, installationId));
    ctx.logger.info({ installationId, ...run.stats }, "knowledge sync finished");
    return { stats: run.stats, syncedAt: finishedAt.toISOString() };
  } catch (err) {
    const message =
      err instanceof HelpdeskApiError || err instanceof AppError
        ? err.message
        : "Unexpected error during knowledge sync";
    if (!(err instanceof HelpdeskApiError))
      ctx.logger.error({ err, installationId }, "knowledge sync crashed");
    await ctx.db
      .update(helpdeskConnections)
      .set({
        lastSyncError: message.slice(0, 500),
        lastSyncedAt: ctx.clock.now(),
        syncFailures: sql`${helpdeskConnections.syncFailures} + 1`,
      })
      .where(eq(helpdeskConnections.installationId, installationId));
    throw err;
  }
}

/** Installations whose knowledge sync is due (enabled, never run, or older than the interval). */
export async function dueForSync({
  ctx,
  input: settings,
}: SystemVerbArgs<KnowledgeSyncSettings>): Promise<string[]> {
  const cutoff = new Date(ctx.clock.now().getTime() - settings.intervalMinutes * 60_000);
  const rows = await ctx.db
    .select({ id: helpdeskConnections.installationId })
    .from(helpdeskConnections)
    .where(
      and(
        eq(helpdeskConnections.knowledgeSyncEnabled, true),
        or(isNull(helpdeskConnections.lastSyncedAt), lt(helpdeskConnections.lastSyncedAt, cutoff)),
      ),
    );
  return rows.map((r) => r.id);
}
