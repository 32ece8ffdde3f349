import { classifyEdit } from "@tandem/shared";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import type { ResolvedRange } from "./days";
import { round } from "./metrics";
import { HOST_REPORTED, num, type Row, rows } from "./sql";

/** CSV export: one row per decision. */

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
export async function* decisionCsvPages(
  db: DbOrTx,
  installationId: string,
  range: ResolvedRange,
  pageSize = 2_000,
): AsyncGenerator<string> {
  yield `${CSV_COLUMNS.join(",")}\r\n`;
  let after: { createdAt: string; id: string } | null = null;
  for (;;) {
    const cursor: ReturnType<typeof sql> = after
      ? sql`and (x.created_at, x.id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)`
      : sql``;
    const page = await rows(
      db,
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
