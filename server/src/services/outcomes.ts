import type { Decision, HostActionResult, OutcomesRequest } from "@tandem/shared";
import { and, eq, isNull, ne, or } from "drizzle-orm";
import {
  type DecisionActionRow,
  type DecisionRow,
  decisionActions,
  decisions,
  drafts,
} from "../db/schema";
import { AppError, type ErrorIssue } from "../errors";
import { agentActor } from "./agent-identity";
import { type AuditInput, recordAuditEvents } from "./audit";
import { decisionView } from "./decisions/decision-view";
import type { VerbArgs } from "./verb-args";

/**
 * Applied is final: a later report (a reload that sees the form again, a replayed request) never
 * turns a saved change back into a staged or failed one. Staged and failed move on freely.
 */
function nextResult(current: HostActionResult | null, reported: HostActionResult) {
  return current === "applied" ? "applied" : reported;
}

/**
 * What the helpdesk did after a decision, as the sidebar saw it: whether the reply reached the
 * editor, and per approved field action whether the helpdesk saved it, only set it in the form
 * (`staged`, saved when the agent submits) or refused it. Business actions are not reported here:
 * the server executes them and records their outcome itself. Idempotent; host failures are
 * audited once, when first reported.
 */
export async function recordOutcomes({
  ctx,
  input: { draftId, request },
}: VerbArgs<{ draftId: string; request: OutcomesRequest }>): Promise<Decision> {
  const { installationId } = ctx.tenant;
  const [draft] = await ctx.db
    .select({ id: drafts.id })
    .from(drafts)
    .where(and(eq(drafts.id, draftId), eq(drafts.installationId, installationId)));
  if (!draft) throw new AppError("NOT_FOUND", "Draft not found");
  const [current] = await ctx.db
    .select()
    .from(decisions)
    .where(and(eq(decisions.installationId, installationId), eq(decisions.draftId, draftId)));
  if (!current) {
    throw new AppError("CONFLICT", "Record a decision on this draft before reporting outcomes");
  }
  const actionRows = await ctx.db
    .select()
    .from(decisionActions)
    .where(eq(decisionActions.decisionId, current.id));
  const byId = new Map(actionRows.map((row) => [row.actionId, row]));

  const issues: ErrorIssue[] = [];
  const seen = new Set<string>();
  const changes: { row: DecisionActionRow; result: HostActionResult; error: string | null }[] = [];
  request.actions.forEach((report, index) => {
    const path = `actions.${index}.id`;
    const row = byId.get(report.id);
    if (!row) {
      issues.push({ path, message: "not an action of this decision" });
      return;
    }
    if (seen.has(row.actionId)) {
      issues.push({ path, message: "action listed twice" });
      return;
    }
    seen.add(row.actionId);
    if (row.outcome === "rejected") {
      issues.push({ path, message: "this action was rejected: the helpdesk had nothing to do" });
      return;
    }
    if (row.kind === "business") {
      issues.push({
        path,
        message: "business actions are executed by the server, not the helpdesk; see executions",
      });
      return;
    }
    const result = nextResult(row.hostResult, report.result);
    const error = result === "failed" ? (report.error ?? null) : null;
    if (result !== row.hostResult || error !== row.hostError) changes.push({ row, result, error });
  });
  if (issues.length > 0) throw new AppError("BAD_REQUEST", "Invalid outcomes", issues);

  // The reply reached the editor once: a later failed "Insert again" does not undo that.
  const inserted = request.reply ? current.replyInserted === true || request.reply.inserted : null;
  const insertError = request.reply && !inserted ? (request.reply.error ?? null) : null;
  const replyChanged =
    request.reply !== undefined &&
    (inserted !== current.replyInserted || insertError !== current.replyInsertError);
  if (!replyChanged && changes.length === 0) return decisionView(ctx.db, current);

  const now = ctx.clock.now();
  const actor = agentActor(ctx, current.agentId);
  const updated = await ctx.db.transaction(async (tx) => {
    let row: DecisionRow | undefined = current;
    if (replyChanged) {
      [row] = await tx
        .update(decisions)
        .set({ replyInserted: inserted, replyInsertError: insertError })
        .where(eq(decisions.id, current.id))
        .returning();
    }
    const audit: AuditInput[] = [];
    for (const change of changes) {
      // The condition keeps "applied is final" under concurrent reports too.
      const [stored] = await tx
        .update(decisionActions)
        .set({ hostResult: change.result, hostError: change.error, hostReportedAt: now })
        .where(
          and(
            eq(decisionActions.id, change.row.id),
            or(isNull(decisionActions.hostResult), ne(decisionActions.hostResult, "applied")),
          ),
        )
        .returning({ id: decisionActions.id });
      if (stored && change.result === "failed" && change.row.hostResult !== "failed") {
        audit.push({
          installationId,
          type: "action.host_failed",
          ticketId: current.ticketId,
          actor,
          subjectId: change.row.actionId,
          data: {
            decisionId: current.id,
            draftId,
            type: change.row.type,
            params: change.row.params,
            ...(change.error ? { error: change.error } : {}),
            previousResult: change.row.hostResult,
          },
        });
      }
    }
    if (replyChanged && inserted === false && current.replyInserted !== false) {
      audit.push({
        installationId,
        type: "draft.insert_failed",
        ticketId: current.ticketId,
        actor,
        subjectId: draftId,
        data: { decisionId: current.id, ...(insertError ? { error: insertError } : {}) },
      });
    }
    await recordAuditEvents(tx, audit);
    return row;
  });
  if (!updated) throw new AppError("NOT_FOUND", "Decision not found");
  return decisionView(ctx.db, updated);
}
