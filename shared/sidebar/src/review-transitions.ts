import type { Decision, Draft, TicketContext } from "@tandem/shared";
import { blockingCommitments, liveCommitments, withCommitments } from "./commitments-state";
import { hostCounts, restoreDecided } from "./decided";
import { isLockedParam } from "./decision";
import { withExecutionFailures } from "./execution-tracker";
import { checkRestoredForm } from "./form-check";
import type { HostActionResult } from "./host";
import type { Translator } from "./i18n";
import { missingParams } from "./param-fields";
import type {
  ActionFailure,
  DecidedInfo,
  ReviewError,
  ReviewPhase,
  ReviewState,
} from "./review-state";

// The review state machine: pure transitions. Each takes the state and what happened and answers
// the patch to apply (null: the event does not apply in this state); the controller's parts do
// the I/O and apply the patches.

/** What belongs to the draft on screen: cleared whenever another draft is shown. */
function draftScoped() {
  return {
    paramEdits: {},
    busy: null,
    stale: false,
    error: null,
    inlineError: null,
    decided: null,
    failures: [],
    draftUpdated: false,
    commitments: [],
    acknowledgedCommitments: [],
    commitmentAction: null,
    fieldIssues: [],
    newer: null,
  } satisfies Partial<ReviewState>;
}

export function initialReviewState(missingSettings: string[]): ReviewState {
  return {
    ...draftScoped(),
    phase: missingSettings.length > 0 ? "not_configured" : "loading",
    ticket: null,
    agent: null,
    draft: null,
    replyText: "",
    selected: {},
    instruction: "",
    approvals: [],
    approvalsUnseen: 0,
    executions: {},
    partialTicket: false,
    missingSettings,
  };
}

/** The full-screen state an error that leaves nothing on screen leads to. */
export function phaseFor(error: ReviewError): ReviewPhase {
  switch (error.code) {
    case "NOT_CONFIGURED":
      return "not_configured";
    case "UNAUTHORIZED":
    case "FORBIDDEN":
      return "unauthorized";
    case "UNREACHABLE":
      return "unreachable";
    case "UPSTREAM_MODEL_FAILED":
      return "model_failed";
    default:
      return "error";
  }
}

// ── Loading ──────────────────────────────────────────────────────────────────────────────

/** A load began: a kept draft stays on screen (busy) while its successor is drafted. */
export function loadStarted(keepDraft: boolean, redraft: boolean): Partial<ReviewState> {
  if (keepDraft) return { busy: redraft ? "redrafting" : "regenerating", inlineError: null };
  return { phase: "loading", busy: null, error: null, inlineError: null, stale: false };
}

export function loadFailed(
  state: ReviewState,
  error: ReviewError,
  load: { redraft: boolean; keptDraft: boolean },
): Partial<ReviewState> {
  // The stale notice (with its Refresh button) stays; the old draft is never current.
  if (load.redraft && state.draft) return { busy: null, stale: true };
  if (load.keptDraft) return { busy: null, inlineError: error };
  return { phase: phaseFor(error), error, busy: null, draft: null };
}

export interface ShownDraft {
  patch: Partial<ReviewState>;
  /** Opened again decided: what the ticket showed of the approved field actions, to report. */
  restoredResults: HostActionResult[] | null;
}

/**
 * A draft on screen as the server answered it: a decided draft opens decided (never as new), and
 * a ticket whose last public message is the agent's has nothing to approve.
 */
export function draftShown(
  state: ReviewState,
  draft: Draft,
  ticket: TicketContext,
  shown: { updated: boolean; partialTicket: boolean },
  t: Translator,
): ShownDraft {
  const selected = Object.fromEntries(draft.actions.map((action) => [action.id, true]));
  const common: Partial<ReviewState> = {
    ...draftScoped(),
    ticket,
    draft,
    selected,
    partialTicket: shown.partialTicket,
  };
  if (draft.decision) {
    const restored = restoreDecided(draft, draft.decision);
    const approved = {
      ...common,
      phase: "decided" as const,
      replyText: restored.replyText,
      selected: restored.selected,
      paramEdits: restored.paramEdits,
    };
    const previous = state.decided;
    if (previous?.decision.id === draft.decision.id) {
      // Decided in this sidebar (a refresh): what it saw the host do is fresher than the record,
      // and the form still holds what it staged.
      const failures = withExecutionFailures(state, state.failures, t("execution.failed"));
      const decided = withHostKnowledge(restored.decided, previous);
      return { patch: { ...approved, decided, failures }, restoredResults: null };
    }
    // Opened again: a reload loses what was only set in the form, so ask the ticket.
    const checked = checkRestoredForm(draft, restored.decided, ticket, t);
    return {
      patch: { ...approved, decided: checked.decided, failures: restored.failures },
      restoredResults: [
        ...checked.applied.map((id) => ({ id, result: "applied" as const })),
        ...checked.missing.map((id) => ({
          id,
          result: "failed" as const,
          error: t("decided.not_in_form_error"),
        })),
      ],
    };
  }
  if (!draft.needsReply) {
    return {
      patch: { ...common, phase: "no_reply_needed", replyText: draft.reply.body },
      restoredResults: null,
    };
  }
  return {
    patch: {
      ...common,
      phase: "ready",
      replyText: draft.reply.body,
      draftUpdated: shown.updated,
      commitments: liveCommitments(draft, draft.reply.body, selected, {}),
    },
    restoredResults: null,
  };
}

/**
 * The same decision shown again in this sidebar: what it saw the host do stays (the server's
 * `applied` is final, though), and so does what it knows the form lost.
 */
function withHostKnowledge(record: DecidedInfo, seen: DecidedInfo): DecidedInfo {
  const hostResults = { ...record.hostResults };
  for (const [id, result] of Object.entries(seen.hostResults)) {
    if (hostResults[id] !== "applied") hostResults[id] = result;
  }
  const open = (id: string) => hostResults[id] === undefined;
  return {
    ...record,
    hostResults,
    ...hostCounts(hostResults),
    notInForm: seen.notInForm.filter(open),
    unconfirmed: seen.unconfirmed.filter(open),
    sentRecorded: record.sentRecorded || seen.sentRecorded,
  };
}

// ── Editing the draft ────────────────────────────────────────────────────────────────────

const editable = (state: ReviewState) => state.phase === "ready" && state.busy === null;

export function replyEdited(state: ReviewState, text: string): Partial<ReviewState> | null {
  return editable(state) ? withCommitments(state, { replyText: text }) : null;
}

/** `checked` omitted: flips it (an action starts checked). */
export function actionToggled(
  state: ReviewState,
  id: string,
  checked?: boolean,
): Partial<ReviewState> | null {
  if (!editable(state)) return null;
  const next = checked ?? state.selected[id] === false;
  return withCommitments(state, { selected: { ...state.selected, [id]: next } });
}

export function actionParamEdited(
  state: ReviewState,
  id: string,
  key: string,
  value: unknown,
): Partial<ReviewState> | null {
  if (!editable(state)) return null;
  const action = state.draft?.actions.find((candidate) => candidate.id === id);
  // A target names the object the action changes: never re-pointed from the sidebar.
  if (!action || isLockedParam(action, key)) return null;
  const current = state.paramEdits[id] ?? {};
  return {
    ...withCommitments(state, {
      paramEdits: { ...state.paramEdits, [id]: { ...current, [key]: value } },
    }),
    fieldIssues: state.fieldIssues.filter(
      (issue) => !(issue.actionId === id && issue.param === key),
    ),
  };
}

// ── Deciding the draft ───────────────────────────────────────────────────────────────────

/**
 * Whether a decision of this kind may start. A stale draft is never inserted as if it were
 * current (unless the agent read what is newer, `seenNewer`); an unbacked promise is resolved
 * first, and a checked business action gets every required param first. Rejecting is allowed.
 */
export function decisionAllowed(
  state: ReviewState,
  kind: DecidedInfo["kind"],
  seenNewer: boolean,
): boolean {
  if (state.phase !== "ready" || !state.draft || !state.agent || state.busy !== null) return false;
  if (kind === "rejected") return true;
  if (state.stale && !seenNewer) return false;
  return blockingCommitments(state).length === 0 && missingParams(state).length === 0;
}

export function decisionStarted(kind: DecidedInfo["kind"]): Partial<ReviewState> {
  return {
    busy: kind === "approved" ? "approving" : kind === "inserted" ? "inserting" : "rejecting",
    inlineError: null,
    fieldIssues: [],
  };
}

/** The server recorded the decision and the host did its part (`results`, `failures`). */
export function decisionRecorded(
  kind: DecidedInfo["kind"],
  decision: Decision,
  results: HostActionResult[],
  failures: ActionFailure[],
  /** Decided after reading the newer messages: the ticket they saw is the one decided on. */
  seen?: { ticket: TicketContext },
): Partial<ReviewState> {
  const hostResults = Object.fromEntries(results.map((result) => [result.id, result.result]));
  return {
    phase: "decided",
    busy: null,
    decided: {
      kind,
      decision,
      hostResults,
      ...hostCounts(hostResults),
      sentRecorded: false,
      restored: false,
      notInForm: [],
      unconfirmed: [],
      settingAgain: false,
    },
    draftUpdated: false,
    failures,
    ...(seen ? { ticket: seen.ticket, stale: false, newer: null } : {}),
  };
}
