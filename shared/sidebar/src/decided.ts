import type { Decision, Draft, Params } from "@tandem/shared";
import { describeAction } from "./describe-action";
import type { HostApplyResult } from "./host";
import type { MessageKey, Translator } from "./i18n";
import { ticketForLabels } from "./review-selectors";
import type { ActionFailure, DecidedInfo, ReviewState } from "./review-state";

/** How many field actions the helpdesk saved, and how many only sit in its form. */
export function hostCounts(results: Record<string, HostApplyResult>) {
  const values = Object.values(results);
  return {
    appliedCount: values.filter((result) => result === "applied").length,
    stagedCount: values.filter((result) => result === "staged").length,
  };
}

/** `decided` with the helpdesk's results for some of its actions merged in, counts included. */
export function withHostResults(
  decided: DecidedInfo,
  results: readonly { id: string; result: HostApplyResult }[],
): DecidedInfo {
  const hostResults = { ...decided.hostResults };
  for (const entry of results) hostResults[entry.id] = entry.result;
  return { ...decided, hostResults, ...hostCounts(hostResults) };
}

/**
 * A draft the server answered with its decision (reload, reopened ticket): the decided state as
 * the server recorded it, and what the agent approved (selection, params, reply) so "Insert
 * again" and host retries use the approved values, never the draft's.
 */
export function restoreDecided(draft: Draft, decision: Decision) {
  const kind: DecidedInfo["kind"] =
    decision.reply.outcome === "rejected"
      ? "rejected"
      : decision.actions.length > 0 || draft.actions.length === 0
        ? "approved"
        : "inserted";
  const hostResults: Record<string, HostApplyResult> = {};
  const failures: ActionFailure[] = [];
  const selected: Record<string, boolean> = {};
  const paramEdits: Record<string, Params> = {};
  for (const action of draft.actions) selected[action.id] = false;
  for (const decided of decision.actions) {
    // Auto actions the policy applied count as approved: the helpdesk applied them too.
    selected[decided.id] = decided.outcome !== "rejected";
    if (decided.outcome !== "rejected" && decided.paramsEdited)
      paramEdits[decided.id] = decided.params;
    if (!decided.hostResult) continue;
    hostResults[decided.id] = decided.hostResult;
    if (decided.hostResult === "failed") {
      failures.push({ id: decided.id, message: decided.hostError ?? "failed", retryable: true });
    }
  }
  if (kind !== "rejected" && decision.reply.inserted === false) {
    failures.unshift({
      id: "reply",
      message: decision.reply.insertError ?? "failed",
      retryable: true,
    });
  }
  const decided: DecidedInfo = {
    kind,
    decision,
    hostResults,
    ...hostCounts(hostResults),
    sentRecorded: decision.reply.sent === true,
    restored: true,
    notInForm: [],
    unconfirmed: [],
    settingAgain: false,
  };
  return {
    decided,
    failures,
    selected,
    paramEdits,
    replyText: approvedReply(draft, decision),
  };
}

/** The reply the agent approved: the edited body, or the draft's when accepted as drafted. */
export function approvedReply(draft: Draft, decision: Decision): string {
  return decision.reply.body ?? draft.reply.body;
}

/** Whether "Insert again" applies: a decided reply that was approved or inserted, not rejected. */
export function canInsertAgain(state: ReviewState): boolean {
  return (
    state.phase === "decided" &&
    state.draft !== null &&
    state.decided !== null &&
    state.decided.kind !== "rejected"
  );
}

export interface DecidedSummary {
  /** "Approved by Ana Agent 5 minutes ago". */
  title: string;
  /** What to do next ("The reply is in the editor — …"), when there is something to do. */
  body?: string;
  /** "2 actions applied to the ticket." — saved by the helpdesk only. */
  applied?: string;
  /** "2 changes set in the form — click Update to save them." — never called applied. */
  staged?: string;
  /** Restored: "2 approved changes are not in the form any more — set them again, …". */
  notInForm?: string;
  sent?: string;
}

/** The decided state's lines, in the agent's language; staged changes are never "applied". */
export function decidedSummary(
  state: ReviewState,
  t: Translator,
  now?: Date,
): DecidedSummary | null {
  const { decided } = state;
  if (!decided) return null;
  const { decision } = decided;
  const title = t(`decided.${decided.kind}_by`, {
    name: decision.agent.name,
    time: t.relativeTime(new Date(decision.createdAt), now),
  });
  let body: string | undefined;
  if (!decided.restored) body = t(`decided.${decided.kind}`);
  else if (decided.kind !== "rejected" && !decided.sentRecorded) body = t("decided.restored_hint");
  return {
    title,
    ...(body ? { body } : {}),
    ...(decided.appliedCount > 0
      ? { applied: t("decided.actions_applied", { count: decided.appliedCount }) }
      : {}),
    ...(decided.stagedCount > 0
      ? { staged: t("decided.actions_staged", { count: decided.stagedCount }) }
      : {}),
    ...(decided.notInForm.length > 0
      ? { notInForm: t("decided.not_in_form", { count: decided.notInForm.length }) }
      : {}),
    ...(decided.sentRecorded ? { sent: t("decided.sent") } : {}),
  };
}

export interface DecidedActionRow {
  id: string;
  label: string;
  /** What it did or does ("Pending", "+ refund", "ORD-550871 · 89.00 EUR"). */
  after: string;
  outcome: Decision["actions"][number]["outcome"];
  /**
   * Field actions: what the helpdesk did, or for a restored decision `not_in_form` (the form lost
   * it: "Set again") / `unconfirmed` (cannot be read back); business actions: the execution's state.
   */
  status:
    | HostApplyResult
    | "not_in_form"
    | "unconfirmed"
    | "pending"
    | "running"
    | "succeeded"
    | null;
  statusText: string;
}

/** Every action of the decision with its outcome and what happened, for the decided state. */
export function decidedActions(state: ReviewState, t: Translator): DecidedActionRow[] {
  const { decided, draft } = state;
  if (!decided || !draft) return [];
  const ticket = ticketForLabels(state);
  const executions = new Map(
    decided.decision.executions.map((execution) => {
      const live = state.executions[execution.id]?.execution ?? execution;
      return [execution.actionId, live];
    }),
  );
  return decided.decision.actions.map((action) => {
    const proposed = draft.actions.find((candidate) => candidate.id === action.id);
    const described = describeAction(
      {
        type: action.type,
        params: action.params,
        ...(proposed?.title ? { title: proposed.title } : {}),
      },
      ticket,
      t,
    );
    let status: DecidedActionRow["status"] = null;
    let statusText = "";
    if (action.outcome === "rejected") {
      statusText = t("decided.result.rejected");
    } else if (executions.has(action.id)) {
      const execution = executions.get(action.id);
      if (execution) {
        status = execution.status === "failed" ? "failed" : execution.status;
        statusText = t(`execution.${execution.status}` as MessageKey);
      }
    } else {
      status =
        decided.hostResults[action.id] ??
        (decided.notInForm.includes(action.id)
          ? "not_in_form"
          : decided.unconfirmed.includes(action.id)
            ? "unconfirmed"
            : null);
      if (status) statusText = t(`decided.result.${status}`);
    }
    return {
      id: action.id,
      label: described.label,
      after: described.after,
      outcome: action.outcome,
      status,
      statusText,
    };
  });
}
