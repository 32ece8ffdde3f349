import type { Draft, Params } from "@tandem/shared";
import { blockingCommitments } from "./commitments-state";
import { isReplyEdited } from "./decision";
import type { Translator } from "./i18n";
import { missingParams } from "./param-fields";
import type { ApprovalItem, ReviewState, TrackedExecution } from "./review-state";

// What views (and the controller's guards) read of the review state: derived, never stored.

export type DraftNotice = { kind: "offline" } | { kind: "model_failed"; reason: string } | null;

/** Offline drafter (no model configured) vs. model failure with an offline fallback. */
export function draftNotice(draft: Draft | null): DraftNotice {
  if (draft?.mode !== "offline") return null;
  return draft.fallbackReason
    ? { kind: "model_failed", reason: draft.fallbackReason }
    : { kind: "offline" };
}

/** The ticket actions are described against: the open one, or a neutral one before it is read. */
export function ticketForLabels(state: ReviewState) {
  return state.ticket ?? { status: "open", tags: [] as string[] };
}

/** True when the agent changed the drafted reply (what the decision will record as "edited"). */
export function replyWasEdited(state: ReviewState): boolean {
  return state.draft !== null && isReplyEdited(state.draft.reply.body, state.replyText);
}

/** The agent changed the reply or action params, or added an action: a re-draft would lose it. */
export function hasDraftEdits(state: ReviewState): boolean {
  return (
    replyWasEdited(state) ||
    Object.keys(state.paramEdits).length > 0 ||
    (state.draft?.actions.some((action) => action.addedBy === "agent") ?? false)
  );
}

/** The params an approval request would run with: the requested ones with the agent's edits. */
export function approvalParams(item: ApprovalItem): Params {
  return item.paramEdits
    ? { ...item.request.action.params, ...item.paramEdits }
    : item.request.action.params;
}

export type DecisionBlocker =
  | "not_ready"
  | "busy"
  | "stale"
  | "unbacked_commitments"
  | "missing_params";

/**
 * Why "Approve & insert" and "Insert only" are disabled, or null when they are enabled.
 * `missing_params`: a checked business action lacks a required param (`missingParamsText`).
 */
export function decisionBlocker(state: ReviewState): DecisionBlocker | null {
  if (state.phase !== "ready" || state.draft === null) return "not_ready";
  if (state.busy !== null) return "busy";
  if (state.stale) return "stale";
  if (blockingCommitments(state).length > 0) return "unbacked_commitments";
  if (missingParams(state).length > 0) return "missing_params";
  return null;
}

/**
 * Approve and insert are possible: a current draft, nothing running, not stale, no promise in
 * the reply that no checked action backs (unless the agent confirmed it), and every required
 * param of the checked business actions given.
 */
export function canDecide(state: ReviewState): boolean {
  return decisionBlocker(state) === null;
}

/**
 * "Approve my edited reply anyway": stale with the agent's edits kept, the draft for the newer
 * messages known (its revision is what the agent saw), and no unresolved promise.
 */
export function canApproveAnyway(state: ReviewState): boolean {
  const newer = state.newer;
  return (
    state.phase === "ready" &&
    state.busy === null &&
    newer !== null &&
    newer.draft !== null &&
    newer.draft.decision === null &&
    blockingCommitments(state).length === 0 &&
    missingParams(state).length === 0
  );
}

/**
 * What the agent should decide first: a pending bot request on the ticket ("approval": its
 * approve button is the primary one, the draft's secondary), else the draft.
 */
export function primaryTask(state: ReviewState): "approval" | "draft" {
  return state.approvals.some((item) => item.request.status === "pending") ? "approval" : "draft";
}

/** The business-action executions of the decision on screen, with their live state. */
export function decisionExecutions(state: ReviewState): TrackedExecution[] {
  return (state.decided?.decision.executions ?? []).map(
    (execution) =>
      state.executions[execution.id] ?? {
        execution,
        source: "decision",
        label: execution.actionId,
        retrying: false,
        error: null,
      },
  );
}

/** The live execution of an approved approval request, if it started one. */
export function approvalExecution(
  state: ReviewState,
  item: ApprovalItem,
): TrackedExecution | undefined {
  const execution = item.request.execution;
  return execution ? state.executions[execution.id] : undefined;
}

/** The line at the top of the approvals: "1 approval request from Trip bot" (pending only). */
export function approvalsBanner(state: ReviewState, t: Translator): string {
  const pending = state.approvals.filter((item) => item.request.status === "pending");
  const first = pending[0];
  if (!first) return t("approvals.banner_none");
  return t("approvals.banner", { count: pending.length, name: first.request.requestedBy.name });
}
