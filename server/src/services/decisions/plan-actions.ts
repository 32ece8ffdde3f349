import { canonicalJson, type DecisionRequest, type RejectionReason } from "@tandem/shared";
import type { ProposedActionRow } from "../../db/schema";
import { AppError, type ErrorIssue } from "../../errors";
import {
  type ActionCatalog,
  type CatalogEntry,
  lockedTargetIssues,
  paramsIssues,
  targetLockedError,
} from "../policy";

/** A proposed action's current entry in the policy's catalog (null once it left the catalog). */
function entryOf(catalog: ActionCatalog, row: ProposedActionRow): CatalogEntry | null {
  const entry = catalog.entry(row.type);
  return entry && entry.kind === row.kind ? entry : null;
}
interface PlannedAction {
  row: ProposedActionRow;
  outcome: "approved" | "rejected" | "applied_by_policy";
  params: Record<string, unknown>;
  paramsEdited: boolean;
  reason?: RejectionReason;
  /** The business action's endpoint, for approved business actions. */
  endpoint?: string;
}

/** Turns the request's per-action outcomes into the rows to store; throws on bad input. */
export function planActions(
  catalog: ActionCatalog,
  proposed: ProposedActionRow[],
  input: DecisionRequest["actions"],
  autoActionsApplied = true,
): PlannedAction[] {
  const byId = new Map(proposed.map((row) => [row.id, row]));
  const seen = new Set<string>();
  const issues: ErrorIssue[] = [];
  const locked: ErrorIssue[] = [];
  const planned: PlannedAction[] = [];

  input.forEach((action, index) => {
    const row = byId.get(action.id);
    if (!row) {
      issues.push({ path: `actions.${index}.id`, message: "not an action of this draft" });
      return;
    }
    if (seen.has(row.id)) {
      issues.push({ path: `actions.${index}.id`, message: "action listed twice" });
      return;
    }
    seen.add(row.id);
    if (action.outcome === "rejected") {
      planned.push({
        row,
        outcome: "rejected",
        params: row.params,
        paramsEdited: false,
        ...(action.reason ? { reason: action.reason } : {}),
      });
      return;
    }
    const params = action.params ?? row.params;
    const paramsEdited =
      action.params !== undefined && canonicalJson(params) !== canonicalJson(row.params);
    const entry = entryOf(catalog, row);
    if (!entry || entry.rule === "blocked") {
      throw new AppError(
        "CONFLICT",
        `The policy no longer allows '${row.type}'; refresh the draft to see current actions`,
      );
    }
    // Locked as the agent saw it and as the policy says now: approving never re-points an action.
    const targets = [...new Set([...row.targetParams, ...entry.targetParams])];
    locked.push(...lockedTargetIssues(targets, row.params, params, `actions.${index}.params`));
    const check = catalog.validateParams(row.type, params);
    if (!check.ok) issues.push(...paramsIssues(check.issues, `actions.${index}.params`));
    planned.push({
      row,
      outcome: row.approval === "auto" ? "applied_by_policy" : "approved",
      params,
      paramsEdited,
      ...(entry.endpoint ? { endpoint: entry.endpoint } : {}),
    });
  });
  if (issues.length > 0) throw new AppError("BAD_REQUEST", "Invalid action decisions", issues);
  if (locked.length > 0) throw targetLockedError(locked);

  // Auto actions the agent did not touch were applied by policy: record them so they count.
  for (const row of proposed) {
    if (!autoActionsApplied || seen.has(row.id) || row.approval !== "auto") continue;
    const entry = entryOf(catalog, row);
    if (!entry || entry.rule === "blocked") continue;
    planned.push({
      row,
      outcome: "applied_by_policy",
      params: row.params,
      paramsEdited: false,
      ...(entry.endpoint ? { endpoint: entry.endpoint } : {}),
    });
  }
  return planned;
}
