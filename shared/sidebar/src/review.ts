import type { BoundCommitment } from "@tandem/commitments";
import type {
  Agent,
  ApprovalRequest,
  CommitmentKind,
  Decision,
  Draft,
  Execution,
  Params,
  RejectionReason,
  TicketContext,
  TicketMessage,
} from "@tandem/shared";
import type { ClientErrorCode, TandemApi } from "./api";
import { createApprovalRequests } from "./approvals-state";
import {
  blockingCommitments,
  createCommitmentCommands,
  hasUnbackedCommitments,
  liveCommitments,
  withCommitments,
} from "./commitments-state";
import { type ControllerCore, localizedError, messageOf, toReviewError } from "./controller-core";
import { approvedReply, hostCounts, restoreDecided } from "./decided";
import {
  buildApproveDecision,
  buildRejectDecision,
  hostAppliedActions,
  isLockedParam,
  isReplyEdited,
  randomKey,
} from "./decision";
import { describeAction } from "./describe-action";
import { createExecutionTracker } from "./executions";
import { type FieldIssue, fieldIssuesFrom } from "./field-issues";
import { applyOnHost, checkRestoredForm, createSetAgain } from "./form-check";
import {
  browserTimers,
  type HostActionResult,
  type HostApplyResult,
  type HostClient,
  type Timers,
} from "./host";
import type { Translator } from "./i18n";
import { createOutcomeReporter } from "./outcomes";
import { missingParams } from "./param-fields";
import { createStaleHandler, ticketFingerprint } from "./stale";

/**
 * Screens of the sidebar. `ready` shows a draft (possibly offline, model-failed or stale, see
 * `draftNotice` and `stale`); `decided` a decision made here or recorded before (a decided draft
 * is never shown as new); `no_reply_needed` a ticket whose last public message is the agent's;
 * the others are full-screen states with their own message.
 */
export type ReviewPhase =
  | "loading"
  | "ready"
  | "decided"
  | "no_reply_needed"
  | "not_configured"
  | "unauthorized"
  | "unreachable"
  | "model_failed"
  | "error";

/** `redrafting`: a new customer message arrived and the draft for it is on its way. */
export type ReviewBusy =
  | "approving"
  | "inserting"
  | "rejecting"
  | "regenerating"
  | "redrafting"
  | null;

export interface ReviewError {
  code: ClientErrorCode | "HOST_ERROR";
  message: string;
  requestId?: string;
}

/** Something that did not happen after a decision: the reply insert or one action. */
export interface ActionFailure {
  /** The action id, or `"reply"` for the reply insert. */
  id: string;
  message: string;
  /** Host-side steps are retried together ("Retry failed actions"); see `executionId` for the rest. */
  retryable: boolean;
  /** Set for a business action the server failed to run: retried with `retryExecution(id)`. */
  executionId?: string;
}

export interface DecidedInfo {
  kind: "approved" | "inserted" | "rejected";
  decision: Decision;
  /** Field actions the helpdesk saved. */
  appliedCount: number;
  /** Field actions set in the helpdesk form, saved only when the agent submits: not applied. */
  stagedCount: number;
  /** Action id → what the helpdesk did with it (field actions only). */
  hostResults: Record<string, HostApplyResult>;
  sentRecorded: boolean;
  /** Opened from the server's record (reload, reopened ticket), not decided in this session. */
  restored: boolean;
  /**
   * Restored only: approved field actions that were only set in the form (or never reported)
   * and that the ticket no longer holds — a page reload drops unsaved form changes. Offered to
   * "Set again" (`setAgain()`); never called set in the form.
   */
  notInForm: string[];
  /**
   * Restored only: approved field actions that were only set in the form but whose effect cannot
   * be read back from the ticket (a macro, a note): the agent checks the ticket.
   */
  unconfirmed: string[];
  /** "Set again" is re-applying `notInForm` on the host. */
  settingAgain: boolean;
}

export interface ApprovalItem {
  request: ApprovalRequest;
  busy: boolean;
  error?: string;
  /** Params the agent changed before approving (merged over the requested ones). */
  paramEdits?: Params;
  /** Field-level problems of the last attempt (a locked target, a cross-field check). */
  issues?: FieldIssue[];
}

/** A customer message arrived while the agent had edits: what is newer than the draft on screen. */
export interface NewerTicket {
  /** Messages that arrived after the draft on screen (customer messages and notes). */
  messages: TicketMessage[];
  ticket: TicketContext;
  /** The draft for the ticket as it is now; null while it is written or when that failed. */
  draft: Draft | null;
  loading: boolean;
  error: ReviewError | null;
}

/** A business-action execution the sidebar follows until it settles. */
export interface TrackedExecution {
  execution: Execution;
  /** The draft decision or the approval request that approved it. */
  source: "decision" | "approval";
  /** What the action is, in the agent's language ("Refund order"). */
  label: string;
  retrying: boolean;
  /** Why the last retry could not be queued. */
  error: string | null;
}

export interface ReviewState {
  phase: ReviewPhase;
  ticket: TicketContext | null;
  agent: Agent | null;
  draft: Draft | null;
  replyText: string;
  /** Action id → checked. */
  selected: Record<string, boolean>;
  /** Action id → params the agent changed (merged over the proposal). */
  paramEdits: Record<string, Params>;
  instruction: string;
  busy: ReviewBusy;
  /** The ticket got new information after the draft was written. */
  stale: boolean;
  /** Why the sidebar shows a full-screen state (not_configured, unreachable, error …). */
  error: ReviewError | null;
  /** A failure that leaves the draft on screen (decision not recorded, regenerate failed). */
  inlineError: ReviewError | null;
  decided: DecidedInfo | null;
  failures: ActionFailure[];
  approvals: ApprovalItem[];
  /** Pending approval requests that arrived while the ticket was open, not yet looked at. */
  approvalsUnseen: number;
  /** Execution id → state, for approved business actions (draft decisions and approvals). */
  executions: Record<string, TrackedExecution>;
  /** The draft was re-written because a new customer message arrived ("updated" note). */
  draftUpdated: boolean;
  /** The host could read the first message only, so the draft may miss later messages. */
  partialTicket: boolean;
  /** Settings the host knows are missing (labels), shown on the not-configured screen. */
  missingSettings: string[];
  /**
   * Sentences of `replyText` that promise an action, bound to the checked actions; bound again
   * whenever the reply, the checked actions or their params change. `start`/`end` place the
   * sentence in `replyText` (for highlighting).
   */
  commitments: BoundCommitment[];
  /** Unbacked promises (their sentences) the agent confirmed they will keep themselves. */
  acknowledgedCommitments: string[];
  /** Adding the action that backs a promise: running, or why it failed. */
  commitmentAction: { kind: CommitmentKind; busy: boolean; error: ReviewError | null } | null;
  /** Field-level problems of the last decision (a locked target, a cross-field check). */
  fieldIssues: FieldIssue[];
  /** Set while the draft on screen is stale and the agent's edits are kept (see `NewerTicket`). */
  newer: NewerTicket | null;
}

export type DraftNotice = { kind: "offline" } | { kind: "model_failed"; reason: string } | null;

/** Offline drafter (no model configured) vs. model failure with an offline fallback. */
export function draftNotice(draft: Draft | null): DraftNotice {
  if (draft?.mode !== "offline") return null;
  return draft.fallbackReason
    ? { kind: "model_failed", reason: draft.fallbackReason }
    : { kind: "offline" };
}

export interface ReviewControllerOptions {
  api: TandemApi;
  host: HostClient;
  t: Translator;
  /** Setting labels the host already knows are missing; non-empty → not configured. */
  missingSettings?: string[];
  newKey?: () => string;
  /** How often approval requests are polled while the sidebar is visible; 0 turns it off. */
  approvalPollMs?: number;
  /** Delays between polls of a running execution; the last one repeats. */
  executionBackoffMs?: number[];
  /** Polls of one execution before the sidebar stops asking (it keeps the last state). */
  executionMaxPolls?: number;
  timers?: Timers;
}

export const DEFAULT_APPROVAL_POLL_MS = 15_000;
export const DEFAULT_EXECUTION_BACKOFF_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000];
export const DEFAULT_EXECUTION_MAX_POLLS = 40;

export interface ReviewController {
  getState(): ReviewState;
  subscribe(listener: () => void): () => void;
  /** Subscribes to host events and loads the draft. */
  start(): Promise<void>;
  dispose(): void;
  /** Loads again from scratch (retry after an error, refresh after the ticket changed). */
  reload(): Promise<void>;
  regenerate(instruction?: string): Promise<void>;
  setReply(text: string): void;
  setInstruction(text: string): void;
  toggleAction(id: string, checked?: boolean): void;
  setActionParam(id: string, key: string, value: unknown): void;
  approveAndInsert(): Promise<void>;
  insertOnly(): Promise<void>;
  reject(reason: RejectionReason): Promise<void>;
  retryFailures(): Promise<void>;
  /** Queues a failed business-action execution again and follows it. */
  retryExecution(executionId: string): Promise<void>;
  /** Changes one param of an approval request before approving it. */
  setApprovalParam(id: string, key: string, value: unknown): void;
  /**
   * Approves with the agent's param edits (unless `extra.params` is given) or rejects, which
   * needs `extra.reason` (the codes of a draft rejection).
   */
  decideApproval(
    id: string,
    outcome: "approved" | "rejected",
    extra?: { params?: Params; comment?: string; reason?: RejectionReason },
  ): Promise<void>;
  /** The agent looked at the approval requests: clears the "new" badge. */
  acknowledgeApprovals(): void;
  /**
   * Adds the action that backs an unbacked promise of this kind (pre-filled by the server from
   * the ticket): checked, its params editable except its targets.
   */
  addActionForCommitment(kind: CommitmentKind): Promise<void>;
  /**
   * The agent confirmed (the view asks first) that they keep the reply's unbacked promises
   * themselves: approval is unblocked and the decision says `acknowledgeCommitments: true`.
   */
  acknowledgeCommitments(): void;
  /** Decided: puts the approved reply into the editor again, without a new decision. */
  insertAgain(): Promise<void>;
  /**
   * Decided (restored): re-applies the approved field actions the form lost (`decided.notInForm`)
   * with exactly the approved params, without a new decision, and reports what the host did.
   */
  setAgain(): Promise<void>;
  /**
   * Stale with edits: decides the draft on screen after the agent read the newer message(s),
   * recording the revision they saw. Needs `canApproveAnyway(state)`.
   */
  approveAnyway(mode?: "approve" | "insert_only"): Promise<void>;
  /** Stale: shows the newer draft instead. Discards the edits: views ask first. */
  useNewDraft(): Promise<void>;
}

const initialState = (missing: string[]): ReviewState => ({
  phase: missing.length > 0 ? "not_configured" : "loading",
  ticket: null,
  agent: null,
  draft: null,
  replyText: "",
  selected: {},
  paramEdits: {},
  instruction: "",
  busy: null,
  stale: false,
  error: null,
  inlineError: null,
  decided: null,
  failures: [],
  approvals: [],
  approvalsUnseen: 0,
  executions: {},
  draftUpdated: false,
  partialTicket: false,
  missingSettings: missing,
  commitments: [],
  acknowledgedCommitments: [],
  commitmentAction: null,
  fieldIssues: [],
  newer: null,
});

function phaseFor(error: ReviewError): ReviewPhase {
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

/**
 * The draft-review state machine both sidebars run. Framework-free: views read `getState()`
 * (React: `useSyncExternalStore`) and call the commands.
 */
export function createReviewController(options: ReviewControllerOptions): ReviewController {
  const { api, host, t } = options;
  const newKey = options.newKey ?? randomKey;
  const timers = options.timers ?? browserTimers;
  const approvalPollMs = options.approvalPollMs ?? DEFAULT_APPROVAL_POLL_MS;
  const backoff =
    options.executionBackoffMs && options.executionBackoffMs.length > 0
      ? options.executionBackoffMs
      : DEFAULT_EXECUTION_BACKOFF_MS;
  const maxPolls = options.executionMaxPolls ?? DEFAULT_EXECUTION_MAX_POLLS;
  let state = initialState(options.missingSettings ?? []);
  const listeners = new Set<() => void>();
  const unsubscribers: Array<() => void> = [];
  const shown = new Set<string>();
  let loadSeq = 0;
  let visible = true;
  let decisionKey = "";
  let fingerprint = "";
  /** The ticket changed while a load or decision was running: compare again afterwards. */
  let recheck = false;
  let redraftFingerprint: string | null = null;
  let inflight: Promise<void> | null = null;
  let disposed = false;

  function set(patch: Partial<ReviewState>) {
    if (disposed) return;
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  }

  const core: ControllerCore = {
    api,
    host,
    t,
    timers,
    get: () => state,
    set,
    isDisposed: () => disposed,
  };
  const commitmentCommands = createCommitmentCommands(core);
  const outcomes = createOutcomeReporter(core);
  const staleHandler = createStaleHandler(core);
  const executions = createExecutionTracker(core, { backoffMs: backoff, maxPolls });
  const track = executions.track;
  const withExecutionFailures = executions.withFailures;
  const approvals = createApprovalRequests(core, { pollMs: approvalPollMs, newKey, track });
  const setAgain = createSetAgain(core, (draftId, results) =>
    outcomes.report(draftId, undefined, results),
  );

  function markShown(draft: Draft) {
    if (shown.has(draft.id)) return;
    shown.add(draft.id);
    api.markShown(draft.id, state.agent ?? undefined).catch(() => {
      // Analytics only: a lost "shown" must never disturb the agent.
    });
  }

  const ticketForLabels = () => state.ticket ?? { status: "open", tags: [] as string[] };

  function setVisible(next: boolean) {
    if (next === visible || disposed) return;
    visible = next;
    executions.setVisible(next);
    approvals.setVisible(next);
  }

  // ── Drafts ─────────────────────────────────────────────────────────────────────────────

  /** Follows the business actions a decision approved, labelled in the agent's language. */
  function trackDecisionExecutions(draft: Draft, decision: Decision, ticket: TicketContext | null) {
    for (const execution of decision.executions) {
      const action = draft.actions.find((candidate) => candidate.id === execution.actionId);
      const label = action
        ? describeAction(action, ticket ?? ticketForLabels(), t).label
        : execution.actionId;
      track(execution, "decision", label);
    }
    set({ failures: withExecutionFailures(state.failures) });
  }

  /**
   * Puts a draft on screen as the server answered it: a decided draft opens decided (never as
   * new), and a ticket whose last public message is the agent's has nothing to approve.
   */
  function showDraft(
    draft: Draft,
    ticket: TicketContext,
    opts: { updated: boolean; partialTicket: boolean },
  ) {
    decisionKey = newKey();
    fingerprint = ticketFingerprint(ticket);
    redraftFingerprint = null;
    staleHandler.reset(ticket);
    const selected = Object.fromEntries(draft.actions.map((action) => [action.id, true]));
    const common: Partial<ReviewState> = {
      ticket,
      draft,
      selected,
      paramEdits: {},
      busy: null,
      stale: false,
      error: null,
      inlineError: null,
      decided: null,
      failures: [],
      draftUpdated: false,
      partialTicket: opts.partialTicket,
      commitments: [],
      acknowledgedCommitments: [],
      commitmentAction: null,
      fieldIssues: [],
      newer: null,
    };
    if (draft.decision) {
      const restored = restoreDecided(draft, draft.decision);
      const previous = state.decided;
      if (previous?.decision.id === draft.decision.id) {
        // Decided in this sidebar (a refresh): what it saw the host do is fresher than the record,
        // and the form still holds what it staged.
        set({
          ...common,
          phase: "decided",
          replyText: restored.replyText,
          selected: restored.selected,
          paramEdits: restored.paramEdits,
          decided: withHostKnowledge(restored.decided, previous),
          failures: withExecutionFailures(state.failures),
        });
      } else {
        // Opened again: a reload loses what was only set in the form, so ask the ticket.
        const checked = checkRestoredForm(draft, restored.decided, ticket, t);
        set({
          ...common,
          phase: "decided",
          replyText: restored.replyText,
          selected: restored.selected,
          paramEdits: restored.paramEdits,
          decided: checked.decided,
          failures: restored.failures,
        });
        outcomes.report(draft.id, undefined, [
          ...checked.applied.map((id) => ({ id, result: "applied" as const })),
          ...checked.missing.map((id) => ({
            id,
            result: "failed" as const,
            error: t("decided.not_in_form_error"),
          })),
        ]);
      }
      trackDecisionExecutions(draft, draft.decision, ticket);
      return;
    }
    if (!draft.needsReply) {
      set({ ...common, phase: "no_reply_needed", replyText: draft.reply.body });
      return;
    }
    set({
      ...common,
      phase: "ready",
      replyText: draft.reply.body,
      draftUpdated: opts.updated,
      commitments: liveCommitments(draft, draft.reply.body, selected, {}),
    });
    markShown(draft);
  }

  async function load(opts: {
    refresh?: boolean;
    instruction?: string;
    keepDraft?: boolean;
    /** A new customer message: keep the stale draft on screen while its successor is drafted. */
    redraft?: boolean;
  }) {
    if (state.missingSettings.length > 0) {
      set({ phase: "not_configured" });
      return;
    }
    const seq = ++loadSeq;
    const keep = (opts.keepDraft || opts.redraft) && state.draft !== null;
    if (keep) {
      set({ busy: opts.redraft ? "redrafting" : "regenerating", inlineError: null });
    } else {
      set({ phase: "loading", busy: null, error: null, inlineError: null, stale: false });
    }
    recheck = false;
    try {
      const [ticket, user] = await Promise.all([host.getTicket(), host.getCurrentUser()]);
      if (seq !== loadSeq) return;
      const partialTicket = host.lastTicketPartial?.() ?? false;
      const agent: Agent = { id: user.id, name: user.name };
      set({ agent });
      approvals.refresh(ticket.id);
      const draft = await api.createDraft({
        ticket,
        agent,
        ...(opts.instruction ? { instruction: opts.instruction } : {}),
        ...(opts.refresh ? { refresh: true } : {}),
      });
      if (seq !== loadSeq) return;
      showDraft(draft, ticket, { updated: opts.redraft === true, partialTicket });
    } catch (error) {
      if (seq !== loadSeq) return;
      redraftFingerprint = null;
      const reviewError = toReviewError(error);
      if (opts.redraft && state.draft) {
        // The stale notice (with its Refresh button) stays; the old draft is never current.
        set({ busy: null, stale: true });
      } else if (keep) {
        set({ busy: null, inlineError: reviewError });
      } else {
        set({ phase: phaseFor(reviewError), error: reviewError, busy: null, draft: null });
      }
    }
    if (seq === loadSeq && recheck) void onTicketChanged();
  }

  /**
   * The ticket moved on (new customer message, or the server said STALE_DRAFT). Without edits,
   * draft again for the new revision at once; with edits, keep them and fetch the new messages
   * and their draft alongside (`newer`), so the agent chooses. `ticketNow` null → read it.
   */
  function redraft(ticketNow: TicketContext | null) {
    if (state.phase !== "ready") return;
    if (hasDraftEdits(state)) {
      void staleHandler.fetchNewer(ticketNow ?? undefined);
      return;
    }
    const print = ticketNow ? ticketFingerprint(ticketNow) : null;
    if (state.busy === "redrafting" && redraftFingerprint === print) return;
    if (state.busy !== null && state.busy !== "redrafting") return;
    redraftFingerprint = print;
    void load({ redraft: true });
  }

  async function onTicketChanged() {
    if (state.phase === "loading" || (state.busy !== null && state.busy !== "redrafting")) {
      recheck = true;
      return;
    }
    const { phase } = state;
    if (phase !== "ready" && phase !== "decided" && phase !== "no_reply_needed") return;
    let ticket: TicketContext;
    try {
      ticket = await host.getTicket();
    } catch {
      return;
    }
    const now = ticketFingerprint(ticket);
    const changed = now !== fingerprint;
    if (phase === "no_reply_needed") {
      // The customer wrote again: now there is something to answer (nothing typed to keep).
      if (changed && state.phase === "no_reply_needed") void load({});
      return;
    }
    const stale = state.stale || changed;
    // Keep the ticket the decision was made against once decided, so "before" values stay true.
    if (state.phase === "ready" && state.busy === null) set({ ticket, stale });
    else if (stale !== state.stale) set({ stale });
    if (changed) redraft(ticket);
  }

  function onReplySent(text: string) {
    const { decided, draft } = state;
    if (!decided || !draft || decided.kind === "rejected") return;
    // Sent means submitted: what was staged in the form is saved (the server counts it so too).
    outcomes.replySent();
    const current = state.decided;
    if (!current || current.sentRecorded || !text.trim()) return;
    set({ decided: { ...current, sentRecorded: true } });
    api.reportSent(draft.id, text).catch(() => {
      set({ decided: state.decided ? { ...state.decided, sentRecorded: false } : null });
    });
  }

  function decide(
    kind: DecidedInfo["kind"],
    reason?: RejectionReason,
    /** Deciding a stale draft after reading the newer messages: the revision and ticket seen. */
    seen?: { revision: string; ticket: TicketContext },
  ): Promise<void> {
    if (inflight) return inflight;
    const { draft, agent, phase } = state;
    if (phase !== "ready" || !draft || !agent || state.busy !== null) return Promise.resolve();
    // A stale draft is never inserted as if it were current (unless the agent read what is
    // newer, `seen`); rejecting it is still allowed.
    if (state.stale && kind !== "rejected" && !seen) return Promise.resolve();
    // An unbacked promise is resolved first: add its action, edit the sentence, or confirm it.
    if (kind !== "rejected" && blockingCommitments(state).length > 0) return Promise.resolve();
    // A checked business action runs with every required param, or the agent gives it first.
    if (kind !== "rejected" && missingParams(state).length > 0) return Promise.resolve();
    const snapshot = state;
    set({
      busy: kind === "approved" ? "approving" : kind === "inserted" ? "inserting" : "rejecting",
      inlineError: null,
      fieldIssues: [],
    });
    const request =
      kind === "rejected" && reason
        ? buildRejectDecision({ draft, agent, idempotencyKey: decisionKey, reason })
        : buildApproveDecision({
            draft,
            agent,
            idempotencyKey: decisionKey,
            replyText: snapshot.replyText,
            selected: snapshot.selected,
            paramEdits: snapshot.paramEdits,
            mode: kind === "approved" ? "approve" : "insert_only",
            acknowledgeCommitments: hasUnbackedCommitments(snapshot),
            ...(seen ? { seenTicketRevision: seen.revision } : {}),
          });

    inflight = (async () => {
      let decision: Decision;
      try {
        decision = await api.decide(draft.id, request);
      } catch (error) {
        const reviewError = toReviewError(error);
        if (reviewError.code === "STALE_DRAFT") {
          set({ busy: null, stale: true });
          recheck = false;
          redraft(null);
        } else {
          // Shown next to the draft; the reply, selection and params stay as the agent left them.
          const actionIds = (request.actions ?? []).map((action) => action.id);
          set({
            busy: null,
            inlineError: localizedError(reviewError, t),
            fieldIssues: fieldIssuesFrom(error, t, { actionIds }),
          });
        }
        return;
      }
      const failures: ActionFailure[] = [];
      let reply: { inserted: boolean; error?: string } | undefined;
      if (kind !== "rejected") {
        try {
          await host.insertReply(snapshot.replyText);
          reply = { inserted: true };
        } catch (error) {
          const message = messageOf(error);
          failures.push({ id: "reply", message, retryable: true });
          reply = { inserted: false, error: message };
        }
      }
      let results: HostActionResult[] = [];
      if (kind === "approved") {
        results = await applyOnHost(
          host,
          hostAppliedActions(draft, snapshot.selected, snapshot.paramEdits),
        );
        for (const result of results) {
          if (result.result !== "failed") continue;
          failures.push({ id: result.id, message: result.error ?? "failed", retryable: true });
        }
      }
      const hostResults = Object.fromEntries(results.map((result) => [result.id, result.result]));
      if (seen) {
        fingerprint = ticketFingerprint(seen.ticket);
        staleHandler.reset(seen.ticket);
      }
      set({
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
      });
      if (kind !== "rejected") outcomes.report(draft.id, reply, results);
      trackDecisionExecutions(draft, decision, snapshot.ticket);
      if (state.failures.length > 0) {
        host.notify(t("notify.actions_failed", { count: state.failures.length }), "error");
      } else if (kind !== "rejected") {
        host.notify(t("notify.inserted"), "success");
      }
      if (recheck) void onTicketChanged();
    })().finally(() => {
      inflight = null;
    });
    return inflight;
  }

  async function retryFailures() {
    const { draft, decided } = state;
    if (!draft || !decided) return;
    const retryable = state.failures.filter((failure) => failure.retryable);
    if (retryable.length === 0) return;
    const remaining = state.failures.filter((failure) => !failure.retryable);
    let reply: { inserted: boolean; error?: string } | undefined;
    if (retryable.some((failure) => failure.id === "reply")) {
      try {
        await host.insertReply(state.replyText);
        reply = { inserted: true };
      } catch (error) {
        const message = messageOf(error);
        remaining.push({ id: "reply", message, retryable: true });
        reply = { inserted: false, error: message };
      }
    }
    const ids = new Set(retryable.map((failure) => failure.id));
    const actions = hostAppliedActions(draft, state.selected, state.paramEdits).filter((action) =>
      ids.has(action.id),
    );
    const results = await applyOnHost(host, actions);
    for (const result of results) {
      if (result.result !== "failed") continue;
      remaining.push({ id: result.id, message: result.error ?? "failed", retryable: true });
    }
    set({ failures: withExecutionFailures(remaining) });
    outcomes.mergeResults(results);
    outcomes.report(draft.id, reply, results);
  }

  /** "Insert again": the approved reply into the editor once more; no new decision. */
  async function insertAgain() {
    const { draft, decided } = state;
    if (state.phase !== "decided" || !draft || !decided || decided.kind === "rejected") return;
    if (state.busy !== null) return;
    set({ busy: "inserting" });
    const others = () => state.failures.filter((failure) => failure.id !== "reply");
    try {
      await host.insertReply(approvedReply(draft, decided.decision));
      const hadFailed = state.failures.some((failure) => failure.id === "reply");
      set({ busy: null, failures: others() });
      // The server only needs to hear of it when it last heard the insert had failed.
      if (hadFailed) outcomes.report(draft.id, { inserted: true }, []);
      host.notify(t("notify.inserted"), "success");
    } catch (error) {
      set({
        busy: null,
        failures: [{ id: "reply", message: messageOf(error), retryable: true }, ...others()],
      });
    }
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      unsubscribers.push(host.onTicketChanged(() => void onTicketChanged()));
      unsubscribers.push(host.onReplySent(onReplySent));
      if (host.onVisibilityChanged) unsubscribers.push(host.onVisibilityChanged(setVisible));
      if (host.onTicketSaved) {
        unsubscribers.push(host.onTicketSaved((ids) => void outcomes.ticketSaved(ids)));
      }
      await load({});
    },
    dispose() {
      disposed = true;
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
      outcomes.dispose();
      approvals.dispose();
      executions.dispose();
      listeners.clear();
    },
    reload: () => load({}),
    regenerate(instruction) {
      if (state.busy !== null && state.busy !== "regenerating") return Promise.resolve();
      const text = (instruction ?? state.instruction).trim();
      return load({
        refresh: true,
        keepDraft: state.phase === "ready" || state.phase === "decided",
        ...(text ? { instruction: text } : {}),
      }).then(() => {
        if (state.phase === "ready" && state.inlineError === null) set({ instruction: "" });
      });
    },
    setReply(text) {
      if (state.phase === "ready" && state.busy === null) {
        set(withCommitments(state, { replyText: text }));
      }
    },
    setInstruction(text) {
      set({ instruction: text });
    },
    toggleAction(id, checked) {
      if (state.phase !== "ready" || state.busy !== null) return;
      const next = checked ?? state.selected[id] === false;
      set(withCommitments(state, { selected: { ...state.selected, [id]: next } }));
    },
    setActionParam(id, key, value) {
      if (state.phase !== "ready" || state.busy !== null) return;
      const action = state.draft?.actions.find((candidate) => candidate.id === id);
      // A target names the object the action changes: never re-pointed from the sidebar.
      if (!action || isLockedParam(action, key)) return;
      const current = state.paramEdits[id] ?? {};
      set({
        ...withCommitments(state, {
          paramEdits: { ...state.paramEdits, [id]: { ...current, [key]: value } },
        }),
        fieldIssues: state.fieldIssues.filter(
          (issue) => !(issue.actionId === id && issue.param === key),
        ),
      });
    },
    approveAndInsert: () => decide("approved"),
    insertOnly: () => decide("inserted"),
    reject: (reason) => decide("rejected", reason),
    retryFailures,
    retryExecution: executions.retry,
    setApprovalParam: approvals.setParam,
    decideApproval: approvals.decide,
    acknowledgeApprovals() {
      if (state.approvalsUnseen > 0) set({ approvalsUnseen: 0 });
    },
    addActionForCommitment: commitmentCommands.addActionForCommitment,
    acknowledgeCommitments: commitmentCommands.acknowledgeCommitments,
    insertAgain,
    setAgain,
    approveAnyway(mode = "approve") {
      const newer = state.newer;
      if (!newer?.draft || !canApproveAnyway(state)) return Promise.resolve();
      return decide(mode === "approve" ? "approved" : "inserted", undefined, {
        revision: newer.draft.ticketRevision,
        ticket: newer.ticket,
      });
    },
    async useNewDraft() {
      if (state.phase !== "ready" || state.busy !== null) return;
      const newer = state.newer;
      if (newer?.draft) {
        showDraft(newer.draft, newer.ticket, {
          updated: true,
          partialTicket: state.partialTicket,
        });
        return;
      }
      if (newer?.loading) return;
      await load({});
    },
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
