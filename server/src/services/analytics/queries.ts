import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import type { ResolvedRange } from "./days";
import { type Dim, KEYS } from "./dimensions";
import { EDIT_DISTANCE_BUCKET, TIME_TO_DECISION_BUCKET } from "./histograms";
import { emptyPartial, type PartialMetrics } from "./metrics";
import { priceOf } from "./prices";
import { DAY_ZONE, HOST_REPORTED, num, rows } from "./sql";

/**
 * Raw aggregation: the same queries serve live ranges and the materialization of settled days,
 * so the two paths cannot disagree.
 */

/** Aggregates [from, to) into partials keyed by `${day}|${key}`. */
export async function aggregateRaw(
  db: DbOrTx,
  installationId: string,
  dim: Dim,
  range: ResolvedRange,
): Promise<Map<string, PartialMetrics>> {
  const keys = KEYS[dim];
  const out = new Map<string, PartialMetrics>();
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
        sql`select (d.created_at at time zone ${DAY_ZONE})::date::text as day, ${key} as key, d.model,
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
    const dayOf = sql`(x.created_at at time zone ${DAY_ZONE})::date::text`;
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
          ${EDIT_DISTANCE_BUCKET} as bucket, count(*) as n
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
          ${TIME_TO_DECISION_BUCKET} as bucket,
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
        sql`select (d.created_at at time zone ${DAY_ZONE})::date::text as day, ${key} as key, count(*) as n
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
        sql`select (x.created_at at time zone ${DAY_ZONE})::date::text as day, ${key} as key,
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
        sql`select (e.created_at at time zone ${DAY_ZONE})::date::text as day, ${key} as key,
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
        sql`select (r.created_at at time zone ${DAY_ZONE})::date::text as day, ${key} as key,
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
