import {
  type AnalyticsGroupBy,
  type AnalyticsQuery,
  type AnalyticsSummary,
  classifyEdit,
  type Metrics,
  RejectionReasonCodes,
} from "@tandem/shared";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import type { ServiceContext, Tenant } from "../types";

/**
 * Approval analytics, defined exactly as product.md §6. Counts, sums and means are exact. Medians
 * and percentiles come from histograms of fixed resolution (edit distance: 0.01; time to
 * decision: 0.1 s under 10 s, 1 s under a minute, 10 s under 10 min, 1 min under an hour,
 * 10 min beyond — about 2 % relative), interpolated like PostgreSQL's percentile_cont, so they
 * are exact whenever values sit on that grid. Small histograms keep rollups small and fast.
 *
 * Settled days (before yesterday, UTC) are served from `analytics_rollups`, computed on first use
 * and dropped by triggers when a row of that day changes; yesterday, today and partial days are
 * aggregated live. Both paths run the same queries, so they cannot disagree.
 */

/** USD per million tokens (list prices); drafts by other models are not priced. */
export const MODEL_PRICES: Record<string, { input: number; output: number }> = {
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4.1": { input: 2, output: 8 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4 },
  "gpt-5": { input: 1.25, output: 10 },
  "gpt-5-mini": { input: 0.25, output: 2 },
  "gpt-5-nano": { input: 0.05, output: 0.4 },
};

function priceOf(model: string | null): { input: number; output: number } | null {
  if (!model) return null;
  if (MODEL_PRICES[model]) return MODEL_PRICES[model];
  // Dated snapshots ("gpt-4o-mini-2024-07-18") price as their family.
  const family = Object.keys(MODEL_PRICES)
    .filter((name) => model.startsWith(`${name}-`))
    .sort((a, b) => b.length - a.length)[0];
  return family ? (MODEL_PRICES[family] ?? null) : null;
}

export const TYPING_CHARS_PER_MINUTE = 200;
export const TIME_SAVED_ASSUMPTION =
  `An agent types ${TYPING_CHARS_PER_MINUTE} characters per minute (about 40 words per minute); ` +
  "time saved = characters of AI text kept in used replies ((1 − edit distance) × length of the " +
  "final reply) ÷ that speed. Reading and reviewing time is not deducted. An estimate, not a measurement.";

type Dim = "all" | "intent" | "mode" | "agent" | "actionType" | "requester";

interface ActionCounts {
  proposed: number;
  approved: number;
  rejected: number;
  editedParams: number;
  appliedByPolicy: number;
  /** Field actions the helpdesk reported saved; an approval alone never counts here. */
  applied: number;
  staged: number;
  applyFailed: number;
  /** Business actions, from their executions. */
  executed: number;
  failed: number;
}

/** Additive aggregates: rollups store these, and merging two is a sum. */
export interface Partial {
  drafts: number;
  shown: number;
  offline: number;
  tokenDrafts: number;
  inputTokens: number;
  outputTokens: number;
  pricedDrafts: number;
  costUsd: number;
  decided: number;
  unchanged: number;
  lightlyEdited: number;
  rewritten: number;
  rejected: number;
  edSum: number;
  edCount: number;
  keptChars: number;
  edHist: Record<string, number>;
  ttdHist: Record<string, number>;
  reasons: Record<string, number>;
  actions: ActionCounts;
  approvals: {
    requested: number;
    approved: number;
    rejected: number;
    expired: number;
    pending: number;
  };
  /** A readable name for the group key (agent or requester name), when the dimension has one. */
  label?: string;
}

export function emptyPartial(): Partial {
  return {
    drafts: 0,
    shown: 0,
    offline: 0,
    tokenDrafts: 0,
    inputTokens: 0,
    outputTokens: 0,
    pricedDrafts: 0,
    costUsd: 0,
    decided: 0,
    unchanged: 0,
    lightlyEdited: 0,
    rewritten: 0,
    rejected: 0,
    edSum: 0,
    edCount: 0,
    keptChars: 0,
    edHist: {},
    ttdHist: {},
    reasons: {},
    actions: {
      proposed: 0,
      approved: 0,
      rejected: 0,
      editedParams: 0,
      appliedByPolicy: 0,
      applied: 0,
      staged: 0,
      applyFailed: 0,
      executed: 0,
      failed: 0,
    },
    approvals: { requested: 0, approved: 0, rejected: 0, expired: 0, pending: 0 },
  };
}

function addCounts(target: Record<string, number>, source: Record<string, number>) {
  for (const [key, value] of Object.entries(source)) target[key] = (target[key] ?? 0) + value;
}

export function mergePartial(target: Partial, source: Partial): Partial {
  for (const key of [
    "drafts",
    "shown",
    "offline",
    "tokenDrafts",
    "inputTokens",
    "outputTokens",
    "pricedDrafts",
    "costUsd",
    "decided",
    "unchanged",
    "lightlyEdited",
    "rewritten",
    "rejected",
    "edSum",
    "edCount",
    "keptChars",
  ] as const) {
    target[key] += source[key] ?? 0;
  }
  addCounts(target.edHist, source.edHist ?? {});
  addCounts(target.ttdHist, source.ttdHist ?? {});
  addCounts(target.reasons, source.reasons ?? {});
  addCounts(
    target.actions as unknown as Record<string, number>,
    (source.actions ?? {}) as unknown as Record<string, number>,
  );
  addCounts(
    target.approvals as unknown as Record<string, number>,
    (source.approvals ?? {}) as unknown as Record<string, number>,
  );
  if (source.label) target.label = source.label;
  return target;
}

/** percentile_cont over a histogram of value → count. */
export function quantile(hist: Record<string, number>, q: number): number | null {
  const buckets = Object.entries(hist)
    .map(([value, count]) => [Number(value), count] as const)
    .filter(([, count]) => count > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const rank = q * (total - 1);
  const valueAt = (r: number) => {
    let seen = 0;
    for (const [value, count] of buckets) {
      seen += count;
      if (r < seen) return value;
    }
    return (buckets[buckets.length - 1] as readonly [number, number])[0];
  };
  const lower = Math.floor(rank);
  const low = valueAt(lower);
  const high = valueAt(Math.ceil(rank));
  return low + (rank - lower) * (high - low);
}

const round = (value: number, digits = 6) => Math.round(value * 10 ** digits) / 10 ** digits;
const ratio = (a: number, b: number) => (b > 0 ? round(a / b) : null);

export function finalize(p: Partial): Metrics {
  const used = p.unchanged + p.lightlyEdited + p.rewritten;
  const medianEd = quantile(p.edHist, 0.5);
  const p50 = quantile(p.ttdHist, 0.5);
  const p90 = quantile(p.ttdHist, 0.9);
  const reasons: Metrics["rejectionReasons"] = {};
  for (const code of RejectionReasonCodes) {
    if (p.reasons[code]) reasons[code] = p.reasons[code];
  }
  return {
    drafts: p.drafts,
    shown: p.shown,
    decided: p.decided,
    unchanged: p.unchanged,
    lightlyEdited: p.lightlyEdited,
    rewritten: p.rewritten,
    rejected: p.rejected,
    acceptanceRate: ratio(p.unchanged + p.lightlyEdited, p.decided),
    editRate: ratio(p.lightlyEdited + p.rewritten, used),
    meanEditDistance: ratio(p.edSum, p.edCount),
    medianEditDistance: medianEd === null ? null : round(medianEd),
    timeToDecisionP50Ms: p50 === null ? null : Math.round(p50),
    timeToDecisionP90Ms: p90 === null ? null : Math.round(p90),
    offlineShare: ratio(p.offline, p.drafts),
    inputTokensPerDraft: p.tokenDrafts > 0 ? round(p.inputTokens / p.tokenDrafts, 1) : null,
    outputTokensPerDraft: p.tokenDrafts > 0 ? round(p.outputTokens / p.tokenDrafts, 1) : null,
    estimatedCostPerDraftUsd: p.pricedDrafts > 0 ? round(p.costUsd / p.pricedDrafts, 8) : null,
    actions: { ...p.actions },
    rejectionReasons: reasons,
    approvals: { ...p.approvals },
  };
}

// ---------------------------------------------------------------------------------------------
// Raw aggregation: the same queries serve live ranges and the materialization of settled days.

const DAY = sql.raw(`'UTC'`);

/** Group key of each source per dimension; null = this source does not count in that dimension. */
const KEYS: Record<
  Dim,
  Record<
    "draft" | "proposed" | "decision" | "decisionAction" | "execution" | "approval",
    string | null
  >
> = {
  all: {
    draft: "''",
    proposed: "''",
    decision: "''",
    decisionAction: "''",
    execution: "''",
    approval: "''",
  },
  intent: {
    draft: "d.intent",
    proposed: "d.intent",
    decision: "x.intent",
    decisionAction: "x.intent",
    execution: "x.intent",
    approval: null,
  },
  mode: {
    draft: "d.mode",
    proposed: "d.mode",
    decision: "x.mode",
    decisionAction: "x.mode",
    execution: "x.mode",
    approval: null,
  },
  agent: {
    draft: "coalesce(d.shown_by_id, d.requested_by_id, '(unknown)')",
    proposed: "coalesce(d.shown_by_id, d.requested_by_id, '(unknown)')",
    decision: "x.agent_id",
    decisionAction: "x.agent_id",
    execution: "coalesce(x.agent_id, r.decided_by_id)",
    approval: "r.decided_by_id",
  },
  actionType: {
    draft: null,
    proposed: "p.type",
    decision: null,
    decisionAction: "a.type",
    execution: "e.type",
    approval: "r.action_type",
  },
  requester: {
    draft: null,
    proposed: null,
    decision: null,
    decisionAction: null,
    execution: "r.requested_by_id",
    approval: "r.requested_by_id",
  },
};

interface Range {
  from: Date;
  to: Date;
}

/**
 * What the helpdesk reported for an approved (or auto) field action. Business actions are
 * counted by their executions instead; rejected ones had nothing to apply.
 */
const HOST_REPORTED = sql.raw(`a.kind = 'field' and a.outcome <> 'rejected'`);

type Row = Record<string, unknown>;
const num = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));

async function rows(db: DbOrTx, query: ReturnType<typeof sql>): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown as { rows?: Row[] } | Row[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}

/** Aggregates [from, to) into partials keyed by `${day}|${key}`. */
export async function aggregateRaw(
  db: DbOrTx,
  installationId: string,
  dim: Dim,
  range: Range,
): Promise<Map<string, Partial>> {
  const keys = KEYS[dim];
  const out = new Map<string, Partial>();
  const at = (day: unknown, key: unknown) => {
    const id = `${String(day)}|${String(key)}`;
    let partial = out.get(id);
    if (!partial) {
      partial = emptyPartial();
      out.set(id, partial);
    }
    return partial;
  };
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const tasks: Promise<void>[] = [];

  if (keys.draft) {
    const key = sql.raw(keys.draft);
    tasks.push(
      rows(
        db,
        sql`select (d.created_at at time zone ${DAY})::date::text as day, ${key} as key, d.model,
          count(*) as drafts, count(d.first_shown_at) as shown,
          count(*) filter (where d.mode = 'offline') as offline,
          count(d.input_tokens) as token_drafts,
          coalesce(sum(d.input_tokens), 0) as input_tokens,
          coalesce(sum(d.output_tokens), 0) as output_tokens
        from drafts d
        where d.installation_id = ${installationId} and d.created_at >= ${from} and d.created_at < ${to}
          and d.needs_reply
        group by 1, 2, 3`,
      ).then((result) => {
        for (const r of result) {
          const p = at(r.day, r.key);
          p.drafts += num(r.drafts);
          p.shown += num(r.shown);
          p.offline += num(r.offline);
          p.tokenDrafts += num(r.token_drafts);
          p.inputTokens += num(r.input_tokens);
          p.outputTokens += num(r.output_tokens);
          const price = priceOf((r.model as string | null) ?? null);
          if (price && num(r.token_drafts) > 0) {
            p.pricedDrafts += num(r.token_drafts);
            p.costUsd +=
              (num(r.input_tokens) * price.input + num(r.output_tokens) * price.output) / 1e6;
          }
        }
      }),
    );
  }

  if (keys.decision) {
    const key = sql.raw(keys.decision);
    const where = sql`x.installation_id = ${installationId} and x.created_at >= ${from} and x.created_at < ${to}`;
    const dayOf = sql`(x.created_at at time zone ${DAY})::date::text`;
    tasks.push(
      rows(
        db,
        sql`select ${dayOf} as day, ${key} as key,
          count(*) as decided,
          count(*) filter (where x.reply_outcome = 'rejected') as rejected,
          count(*) filter (where x.reply_outcome <> 'rejected' and x.edit_distance = 0) as unchanged,
          count(*) filter (where x.reply_outcome <> 'rejected' and x.edit_distance > 0 and x.edit_distance < 0.4) as lightly,
          count(*) filter (where x.reply_outcome <> 'rejected' and x.edit_distance >= 0.4) as rewritten,
          coalesce(sum(x.edit_distance) filter (where x.reply_outcome <> 'rejected'), 0) as ed_sum,
          count(x.edit_distance) filter (where x.reply_outcome <> 'rejected') as ed_count,
          coalesce(sum((1 - x.edit_distance) * length(coalesce(x.sent_body, x.reply_body)))
            filter (where x.reply_outcome <> 'rejected'), 0) as kept_chars,
          ${dim === "agent" ? sql`max(x.agent_name)` : sql`null`} as label
        from decisions x where ${where} group by 1, 2`,
      ).then((result) => {
        for (const r of result) {
          const p = at(r.day, r.key);
          p.decided += num(r.decided);
          p.rejected += num(r.rejected);
          p.unchanged += num(r.unchanged);
          p.lightlyEdited += num(r.lightly);
          p.rewritten += num(r.rewritten);
          p.edSum += num(r.ed_sum);
          p.edCount += num(r.ed_count);
          p.keptChars += num(r.kept_chars);
          if (r.label) p.label = String(r.label);
        }
      }),
      rows(
        db,
        sql`select ${dayOf} as day, ${key} as key,
          round(x.edit_distance::numeric, 2)::text as bucket, count(*) as n
        from decisions x
        where ${where} and x.reply_outcome <> 'rejected' and x.edit_distance is not null
        group by 1, 2, 3`,
      ).then((result) => {
        for (const r of result) {
          const p = at(r.day, r.key);
          const bucket = String(Number(r.bucket));
          p.edHist[bucket] = (p.edHist[bucket] ?? 0) + num(r.n);
        }
      }),
      rows(
        db,
        sql`select ${dayOf} as day, ${key} as key,
          (case when x.time_to_decision_ms < 10000 then round(x.time_to_decision_ms / 100.0) * 100
                when x.time_to_decision_ms < 60000 then round(x.time_to_decision_ms / 1000.0) * 1000
                when x.time_to_decision_ms < 600000 then round(x.time_to_decision_ms / 10000.0) * 10000
                when x.time_to_decision_ms < 3600000 then round(x.time_to_decision_ms / 60000.0) * 60000
                else round(x.time_to_decision_ms / 600000.0) * 600000 end)::bigint::text as bucket,
          count(*) as n
        from decisions x where ${where} and x.time_to_decision_ms is not null
        group by 1, 2, 3`,
      ).then((result) => {
        for (const r of result) {
          const p = at(r.day, r.key);
          const bucket = String(r.bucket);
          p.ttdHist[bucket] = (p.ttdHist[bucket] ?? 0) + num(r.n);
        }
      }),
      rows(
        db,
        sql`select ${dayOf} as day, ${key} as key, x.reason_code as code, count(*) as n
        from decisions x where ${where} and x.reply_outcome = 'rejected'
        group by 1, 2, 3`,
      ).then((result) => {
        for (const r of result) {
          const p = at(r.day, r.key);
          const code = String(r.code ?? "other");
          p.reasons[code] = (p.reasons[code] ?? 0) + num(r.n);
        }
      }),
    );
  }

  if (keys.proposed) {
    const key = sql.raw(keys.proposed);
    tasks.push(
      rows(
        db,
        sql`select (d.created_at at time zone ${DAY})::date::text as day, ${key} as key, count(*) as n
        from proposed_actions p join drafts d on d.id = p.draft_id
        where d.installation_id = ${installationId} and d.created_at >= ${from} and d.created_at < ${to}
        group by 1, 2`,
      ).then((result) => {
        for (const r of result) at(r.day, r.key).actions.proposed += num(r.n);
      }),
    );
  }

  if (keys.decisionAction) {
    const key = sql.raw(keys.decisionAction);
    tasks.push(
      rows(
        db,
        sql`select (x.created_at at time zone ${DAY})::date::text as day, ${key} as key,
          count(*) filter (where a.outcome = 'approved') as approved,
          count(*) filter (where a.outcome = 'rejected') as rejected,
          count(*) filter (where a.outcome = 'applied_by_policy') as applied,
          count(*) filter (where a.params_edited) as edited,
          count(*) filter (where ${HOST_REPORTED} and a.host_result = 'applied') as host_applied,
          count(*) filter (where ${HOST_REPORTED} and a.host_result = 'staged') as host_staged,
          count(*) filter (where ${HOST_REPORTED} and a.host_result = 'failed') as host_failed
        from decision_actions a join decisions x on x.id = a.decision_id
        where x.installation_id = ${installationId} and x.created_at >= ${from} and x.created_at < ${to}
        group by 1, 2`,
      ).then((result) => {
        for (const r of result) {
          const p = at(r.day, r.key);
          p.actions.approved += num(r.approved);
          p.actions.rejected += num(r.rejected);
          p.actions.appliedByPolicy += num(r.applied);
          p.actions.editedParams += num(r.edited);
          p.actions.applied += num(r.host_applied);
          p.actions.staged += num(r.host_staged);
          p.actions.applyFailed += num(r.host_failed);
        }
      }),
    );
  }

  if (keys.execution) {
    const key = sql.raw(keys.execution);
    tasks.push(
      rows(
        db,
        sql`select (e.created_at at time zone ${DAY})::date::text as day, ${key} as key,
          count(*) filter (where e.status = 'succeeded') as executed,
          count(*) filter (where e.status = 'failed') as failed
        from action_executions e
        left join decisions x on x.id = e.decision_id
        left join approval_requests r on r.id = e.approval_id
        where e.installation_id = ${installationId} and e.created_at >= ${from} and e.created_at < ${to}
        group by 1, 2`,
      ).then((result) => {
        for (const r of result) {
          if (r.key === null) continue;
          const p = at(r.day, r.key);
          p.actions.executed += num(r.executed);
          p.actions.failed += num(r.failed);
        }
      }),
    );
  }

  if (keys.approval) {
    const key = sql.raw(keys.approval);
    tasks.push(
      rows(
        db,
        sql`select (r.created_at at time zone ${DAY})::date::text as day, ${key} as key,
          count(*) as requested,
          count(*) filter (where r.decision_outcome = 'approved') as approved,
          count(*) filter (where r.decision_outcome = 'rejected') as rejected,
          count(*) filter (where r.status = 'expired') as expired,
          count(*) filter (where r.status = 'pending') as pending,
          count(*) filter (where r.params_edited) as edited,
          ${dim === "requester" ? sql`max(r.requested_by_name)` : sql`null`} as label
        from approval_requests r
        where r.installation_id = ${installationId} and r.created_at >= ${from} and r.created_at < ${to}
        group by 1, 2`,
      ).then((result) => {
        for (const r of result) {
          if (r.key === null) continue;
          const p = at(r.day, r.key);
          p.approvals.requested += num(r.requested);
          p.approvals.approved += num(r.approved);
          p.approvals.rejected += num(r.rejected);
          p.approvals.expired += num(r.expired);
          p.approvals.pending += num(r.pending);
          p.actions.proposed += num(r.requested);
          p.actions.approved += num(r.approved);
          p.actions.rejected += num(r.rejected);
          p.actions.editedParams += num(r.edited);
          if (r.label) p.label = String(r.label);
        }
      }),
    );
  }

  // PGlite has one connection and serializes anyway; PostgreSQL runs these side by side.
  await Promise.all(tasks);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rollups of settled days.

const DAY_MS = 86_400_000;
const dayStart = (date: Date) => new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** Loads rollups for [fromDay, toDay) (UTC midnights), computing the days not materialized yet. */
/**
 * Merged settled rollups, cached per process and revalidated on every use by a cheap fingerprint
 * (row count and newest computed_at of the range): any invalidation or recomputation changes it.
 */
/** Bump when the stored metrics' shape changes: rows of other versions are then ignored. */
const ROLLUP_VERSION = "v2";

const settledCache = new Map<string, { fingerprint: string; partials: Map<string, Partial> }>();
const SETTLED_CACHE_MAX = 200;

async function settledPartials(
  db: DbOrTx,
  installationId: string,
  dim: Dim,
  fromDay: Date,
  toDay: Date,
): Promise<Map<string, Partial>> {
  const from = isoDay(fromDay);
  const to = isoDay(toDay);
  const storedDim = `${ROLLUP_VERSION}:${dim}`;
  const missing = await rows(
    db,
    sql`select g.day::date::text as day
      from generate_series(${from}::date, ${to}::date - 1, interval '1 day') as g(day)
      where not exists (
        select 1 from analytics_rollups r
        where r.installation_id = ${installationId} and r.dim = ${storedDim} and r.day = g.day::date and r.key = ''
      )`,
  );
  if (missing.length > 0) {
    const days = missing.map((r) => String(r.day)).sort();
    const spanFrom = new Date(`${days[0]}T00:00:00.000Z`);
    const spanTo = new Date(new Date(`${days[days.length - 1]}T00:00:00.000Z`).getTime() + DAY_MS);
    const computed = await aggregateRaw(db, installationId, dim, { from: spanFrom, to: spanTo });
    const wanted = new Set(days);
    const values: { day: string; key: string; metrics: Partial }[] = [];
    for (const day of days) values.push({ day, key: "", metrics: emptyPartial() });
    for (const [id, metrics] of computed) {
      const [day = "", ...rest] = id.split("|");
      const key = rest.join("|");
      if (!wanted.has(day)) continue;
      if (key === "") {
        const marker = values.find((v) => v.day === day && v.key === "");
        if (marker) marker.metrics = metrics;
      } else {
        values.push({ day, key, metrics });
      }
    }
    for (let i = 0; i < values.length; i += 500) {
      const chunk = values.slice(i, i + 500);
      await db.execute(sql`insert into analytics_rollups (installation_id, dim, day, key, metrics)
        select ${installationId}::uuid, ${storedDim}, v.day::date, v.key, v.metrics
        from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as v(day text, key text, metrics jsonb)
        on conflict (installation_id, dim, day, key)
        do update set metrics = excluded.metrics, computed_at = now()`);
    }
  }
  const [stamp] = await rows(
    db,
    sql`select count(*)::int as n, max(computed_at)::text as at from analytics_rollups
      where installation_id = ${installationId} and dim = ${storedDim}
        and day >= ${from}::date and day < ${to}::date`,
  );
  const cacheKey = `${installationId}|${dim}|${from}|${to}`;
  const fingerprint = `${String(stamp?.n)}|${String(stamp?.at)}`;
  const cached = settledCache.get(cacheKey);
  if (cached && cached.fingerprint === fingerprint) return cached.partials;

  const stored = await rows(
    db,
    sql`select day::text as day, key, metrics from analytics_rollups
      where installation_id = ${installationId} and dim = ${storedDim}
        and day >= ${from}::date and day < ${to}::date
        and (key <> '' or ${dim}::text = 'all')`,
  );
  // Totals keep their days (groupBy=day); other dimensions are only ever read per key.
  const out = new Map<string, Partial>();
  for (const r of stored) {
    const metrics = (typeof r.metrics === "string" ? JSON.parse(r.metrics) : r.metrics) as Partial;
    const id = dim === "all" ? `${String(r.day)}|${String(r.key)}` : `*|${String(r.key)}`;
    const existing = out.get(id);
    out.set(id, existing ? mergePartial(existing, metrics) : mergePartial(emptyPartial(), metrics));
  }
  if (settledCache.size >= SETTLED_CACHE_MAX) settledCache.clear();
  settledCache.set(cacheKey, { fingerprint, partials: out });
  return out;
}

/**
 * Materializes the settled days of the last `days` days for every dimension of every installation
 * with recent activity, so dashboards never pay for it. Run in the background.
 */
export async function warmAnalyticsRollups(
  ctx: Pick<ServiceContext, "db" | "clock" | "logger">,
  days = 400,
): Promise<void> {
  const settledEnd = new Date(dayStart(ctx.clock.now()).getTime() - DAY_MS);
  const from = new Date(settledEnd.getTime() - days * DAY_MS);
  const active = await rows(
    ctx.db,
    sql`select distinct installation_id as id from drafts where created_at >= ${from.toISOString()}`,
  );
  await ctx.db.execute(
    sql`delete from analytics_rollups where dim not like ${`${ROLLUP_VERSION}:%`}`,
  );
  for (const installation of active) {
    for (const dim of Object.keys(KEYS) as Dim[]) {
      await settledPartials(ctx.db, String(installation.id), dim, from, settledEnd);
    }
  }
}

export interface ResolvedRange {
  from: Date;
  to: Date;
}

/** `from`/`to` as dates are whole UTC days (`to` inclusive); default: the last 30 days. */
export function resolveRange(query: Pick<AnalyticsQuery, "from" | "to">, now: Date): ResolvedRange {
  const parse = (value: string, end: boolean) => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      const start = new Date(`${value}T00:00:00.000Z`);
      return end ? new Date(start.getTime() + DAY_MS) : start;
    }
    return new Date(value);
  };
  const to = query.to ? parse(query.to, true) : now;
  const from = query.from
    ? parse(query.from, false)
    : new Date(dayStart(now).getTime() - 29 * DAY_MS);
  return { from, to };
}

const GROUP_DIM: Record<AnalyticsGroupBy, Dim> = {
  intent: "intent",
  actionType: "actionType",
  agent: "agent",
  day: "all",
  platform: "all",
  mode: "mode",
  requester: "requester",
};

/** Partials for the range, by `${day}|${key}`: rollups for settled days, live for the rest. */
async function partialsFor(
  ctx: Pick<ServiceContext, "db" | "clock">,
  installationId: string,
  dim: Dim,
  range: ResolvedRange,
): Promise<Map<string, Partial>> {
  // Days before yesterday are settled: late writes (sent text, retries) land within hours.
  const settledEnd = new Date(dayStart(ctx.clock.now()).getTime() - DAY_MS);
  const firstWhole = new Date(Math.ceil(range.from.getTime() / DAY_MS) * DAY_MS);
  const lastWhole = new Date(Math.min(dayStart(range.to).getTime(), settledEnd.getTime()));
  const parts: Map<string, Partial>[] = [];
  if (firstWhole < lastWhole) {
    parts.push(await settledPartials(ctx.db, installationId, dim, firstWhole, lastWhole));
    if (range.from < firstWhole) {
      parts.push(
        await aggregateRaw(ctx.db, installationId, dim, { from: range.from, to: firstWhole }),
      );
    }
    if (lastWhole < range.to) {
      parts.push(
        await aggregateRaw(ctx.db, installationId, dim, { from: lastWhole, to: range.to }),
      );
    }
  } else if (range.from < range.to) {
    parts.push(await aggregateRaw(ctx.db, installationId, dim, range));
  }
  const merged = new Map<string, Partial>();
  for (const part of parts) {
    for (const [id, partial] of part) {
      const existing = merged.get(id);
      merged.set(
        id,
        existing ? mergePartial(existing, partial) : mergePartial(emptyPartial(), partial),
      );
    }
  }
  return merged;
}

export async function analyticsSummary(
  ctx: Pick<ServiceContext, "db" | "clock">,
  tenant: Pick<Tenant, "installationId" | "platform">,
  query: AnalyticsQuery,
): Promise<AnalyticsSummary> {
  const range = resolveRange(query, ctx.clock.now());
  // An installation is one helpdesk on one platform: another platform's filter matches nothing.
  const platformMatches = !query.platform || query.platform === tenant.platform;
  const totalsMap = platformMatches
    ? await partialsFor(ctx, tenant.installationId, "all", range)
    : new Map<string, Partial>();
  const totals = emptyPartial();
  for (const partial of totalsMap.values()) mergePartial(totals, partial);

  let groups: AnalyticsSummary["groups"];
  if (query.groupBy) {
    const byKey = new Map<string, Partial>();
    const add = (key: string, partial: Partial) => {
      const existing = byKey.get(key) ?? emptyPartial();
      byKey.set(key, mergePartial(existing, partial));
    };
    if (query.groupBy === "day") {
      for (const [id, partial] of totalsMap) add(id.split("|")[0] ?? "", partial);
      // Every day of the range appears, so charts show gaps as zeros.
      for (let day = dayStart(range.from); day < range.to; day = new Date(day.getTime() + DAY_MS)) {
        if (!byKey.has(isoDay(day))) byKey.set(isoDay(day), emptyPartial());
      }
    } else if (query.groupBy === "platform") {
      if (platformMatches) byKey.set(tenant.platform, totals);
    } else if (platformMatches) {
      const map = await partialsFor(ctx, tenant.installationId, GROUP_DIM[query.groupBy], range);
      for (const [id, partial] of map) {
        const key = id.slice(id.indexOf("|") + 1);
        if (key !== "") add(key, partial);
      }
    }
    groups = [...byKey.entries()]
      .map(([key, partial]) => ({
        key,
        ...(partial.label && query.groupBy !== "day" ? { label: partial.label } : {}),
        metrics: finalize(partial),
      }))
      .sort((a, b) =>
        query.groupBy === "day"
          ? a.key.localeCompare(b.key)
          : b.metrics.decided +
              b.metrics.actions.proposed -
              (a.metrics.decided + a.metrics.actions.proposed) || a.key.localeCompare(b.key),
      );
  }

  const priced = Object.fromEntries(Object.entries(MODEL_PRICES));
  return {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    totals: finalize(totals),
    ...(query.groupBy ? { groupBy: query.groupBy, groups } : {}),
    estimatedTimeSaved: {
      minutes: round(totals.keptChars / TYPING_CHARS_PER_MINUTE, 1),
      assumption: TIME_SAVED_ASSUMPTION,
    },
    pricing: {
      models: priced,
      note: "List prices in USD per million tokens; cost per draft averages drafts whose model is listed (offline drafts cost nothing and are not included).",
    },
    timeZone: "UTC",
  };
}

// ---------------------------------------------------------------------------------------------
// CSV export: one row per decision.

export const CSV_COLUMNS = [
  "decision_id",
  "decided_at",
  "draft_id",
  "draft_created_at",
  "ticket_id",
  "platform",
  "mode",
  "model",
  "intent",
  "agent_id",
  "agent_name",
  "reply_outcome",
  "reply_use",
  "edit_distance",
  "time_to_decision_ms",
  "reason_code",
  "reason_note",
  "sent_at",
  "actions_approved",
  "actions_rejected",
  "actions_applied_by_policy",
  "actions_edited_params",
  "actions_applied_in_helpdesk",
  "actions_staged_in_helpdesk",
  "actions_failed_in_helpdesk",
  "executions_succeeded",
  "executions_failed",
  "input_tokens",
  "output_tokens",
] as const;

/** RFC 4180 quoting; a leading = + - @ is prefixed so spreadsheets don't run it as a formula. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === "string") text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Yields CSV text in pages (keyset pagination), so exports of any size stream in bounded memory. */
export async function* exportDecisionsCsv(
  ctx: Pick<ServiceContext, "db" | "clock">,
  installationId: string,
  query: Pick<AnalyticsQuery, "from" | "to">,
  pageSize = 2_000,
): AsyncGenerator<string> {
  const range = resolveRange(query, ctx.clock.now());
  yield `${CSV_COLUMNS.join(",")}\r\n`;
  let after: { createdAt: string; id: string } | null = null;
  for (;;) {
    const cursor: ReturnType<typeof sql> = after
      ? sql`and (x.created_at, x.id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)`
      : sql``;
    const page = await rows(
      ctx.db,
      sql`select x.id, x.created_at, x.draft_id, d.created_at as draft_created_at, x.ticket_id,
          x.platform, x.mode, d.model, x.intent, x.agent_id, x.agent_name, x.reply_outcome,
          x.edit_distance, x.time_to_decision_ms, x.reason_code, x.reason_note, x.sent_at,
          d.input_tokens, d.output_tokens,
          (select count(*) filter (where a.outcome = 'approved') from decision_actions a where a.decision_id = x.id) as approved,
          (select count(*) filter (where a.outcome = 'rejected') from decision_actions a where a.decision_id = x.id) as rejected,
          (select count(*) filter (where a.outcome = 'applied_by_policy') from decision_actions a where a.decision_id = x.id) as applied,
          (select count(*) filter (where a.params_edited) from decision_actions a where a.decision_id = x.id) as edited,
          (select count(*) filter (where ${HOST_REPORTED} and a.host_result = 'applied') from decision_actions a where a.decision_id = x.id) as host_applied,
          (select count(*) filter (where ${HOST_REPORTED} and a.host_result = 'staged') from decision_actions a where a.decision_id = x.id) as host_staged,
          (select count(*) filter (where ${HOST_REPORTED} and a.host_result = 'failed') from decision_actions a where a.decision_id = x.id) as host_failed,
          (select count(*) filter (where e.status = 'succeeded') from action_executions e where e.decision_id = x.id) as succeeded,
          (select count(*) filter (where e.status = 'failed') from action_executions e where e.decision_id = x.id) as failed,
          to_char(x.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at
        from decisions x join drafts d on d.id = x.draft_id
        where x.installation_id = ${installationId}
          and x.created_at >= ${range.from.toISOString()} and x.created_at < ${range.to.toISOString()}
          ${cursor}
        order by x.created_at, x.id
        limit ${pageSize}`,
    );
    if (page.length === 0) return;
    let chunk = "";
    for (const r of page) {
      const distance = r.edit_distance === null ? null : Number(r.edit_distance);
      const use =
        r.reply_outcome === "rejected"
          ? "rejected"
          : distance === null
            ? ""
            : classifyEdit(distance);
      const iso = (value: unknown) =>
        value === null || value === undefined ? null : new Date(value as string).toISOString();
      const line = [
        r.id,
        iso(r.created_at),
        r.draft_id,
        iso(r.draft_created_at),
        r.ticket_id,
        r.platform,
        r.mode,
        r.model,
        r.intent,
        r.agent_id,
        r.agent_name,
        r.reply_outcome,
        use,
        distance === null ? null : round(distance),
        r.time_to_decision_ms,
        r.reason_code,
        r.reason_note,
        iso(r.sent_at),
        num(r.approved),
        num(r.rejected),
        num(r.applied),
        num(r.edited),
        num(r.host_applied),
        num(r.host_staged),
        num(r.host_failed),
        num(r.succeeded),
        num(r.failed),
        r.input_tokens,
        r.output_tokens,
      ];
      chunk += `${line.map(csvCell).join(",")}\r\n`;
    }
    yield chunk;
    const last = page[page.length - 1] as Row;
    after = { createdAt: String(last.cursor_at), id: String(last.id) };
    if (page.length < pageSize) return;
  }
}
