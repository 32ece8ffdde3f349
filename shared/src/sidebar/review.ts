import type { ApprovalRequest } from "../schemas/approvals";
import type { Agent, Params } from "../schemas/common";
import type { Decision, Execution, RejectionReason } from "../schemas/decision";
import type { Draft } from "../schemas/draft";
import type { TicketContext } from "../schemas/ticket";
import { type ClientErrorCode, isTandemApiError, type TandemApi } from "./api";
import {
  buildApproveDecision,
  buildRejectDecision,
  hostAppliedActions,
  isReplyEdited,
  randomKey,
  sameParams,
} from "./decision";
import { describeAction } from "./describe-action";
import { browserTimers, type HostActionResult, type HostClient, type Timers } from "./host";
import type { Translator } from "./i18n";

/**
 * Screens of the sidebar. `ready` shows a draft (possibly offline, model-failed or stale, see
 * `draftNotice` and `stale`); the others are full-screen states with their own message.
 */
export type ReviewPhase =
  | "loading"
  | "ready"
  | "decided"
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
  /** Field actions the host applied successfully. */
  appliedCount: number;
  sentRecorded: boolean;
}

export interface ApprovalItem {
  request: ApprovalRequest;
  busy: boolean;
  error?: string;
  /** Params the agent changed before approving (merged over the requested ones). */
  paramEdits?: Params;
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
  /** Approves with the agent's param edits (unless `extra.params` is given) or rejects. */
  decideApproval(
    id: string,
    outcome: "approved" | "rejected",
    extra?: { params?: Params; comment?: string },
  ): Promise<void>;
  /** The agent looked at the approval requests: clears the "new" badge. */
  acknowledgeApprovals(): void;
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
});

function toReviewError(error: unknown): ReviewError {
  if (isTandemApiError(error)) {
    return {
      code: error.code,
      message: error.message,
      ...(error.requestId ? { requestId: error.requestId } : {}),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: "HOST_ERROR", message: message || "Unknown error" };
}

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
 * What the draft depends on: new customer messages or internal notes make it stale, the
 * agent's own public reply (or field changes the sidebar applied) do not.
 */
export function ticketFingerprint(ticket: TicketContext): string {
  const relevant = ticket.messages
    .filter((message) => !(message.author === "agent" && message.public))
    .map((message) => `${message.id}:${message.body.length}`);
  return `${ticket.subject}\u0000${relevant.join("|")}`;
}

const messageOf = (error: unknown) =>
  error instanceof Error ? error.message : typeof error === "string" ? error : "failed";

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
  const approvalKeys = new Map<string, string>();
  /** Approval ids already seen on this ticket: anything else that shows up pending is new. */
  const seenApprovals = new Set<string>();
  /** Execution id → its poll: the next attempt number and the timer, null while paused. */
  const executionPolls = new Map<string, { attempt: number; timer: unknown | null }>();
  /** Execution id → retries so far: a poll answer from before a retry is dropped. */
  const executionRuns = new Map<string, number>();
  let loadSeq = 0;
  let approvalSeq = 0;
  let approvalTimer: unknown | null = null;
  let approvalTicketId: string | null = null;
  let approvalsBaseline = false;
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

  function markShown(draft: Draft) {
    if (shown.has(draft.id)) return;
    shown.add(draft.id);
    api.markShown(draft.id, state.agent ?? undefined).catch(() => {
      // Analytics only: a lost "shown" must never disturb the agent.
    });
  }

  const ticketForLabels = () => state.ticket ?? { status: "open", tags: [] as string[] };

  // ── Executions of approved business actions ────────────────────────────────────────────

  /** Server failures of the draft decision's business actions, after the host-side ones. */
  function withExecutionFailures(failures: ActionFailure[]): ActionFailure[] {
    const own = new Set(state.decided?.decision.executions.map((execution) => execution.id));
    const hostSide = failures.filter((failure) => failure.executionId === undefined);
    const server = Object.values(state.executions)
      .filter((tracked) => own.has(tracked.execution.id) && tracked.execution.status === "failed")
      .map((tracked) => ({
        id: tracked.execution.actionId,
        executionId: tracked.execution.id,
        message: tracked.execution.lastError ?? t("execution.failed"),
        retryable: false,
      }));
    return [...hostSide, ...server];
  }

  function putExecution(execution: Execution, patch: Partial<TrackedExecution> = {}) {
    const previous = state.executions[execution.id];
    if (!previous || disposed) return;
    const next: TrackedExecution = { ...previous, ...patch, execution };
    state = { ...state, executions: { ...state.executions, [execution.id]: next } };
    set({ failures: withExecutionFailures(state.failures) });
    const before = previous.execution.status;
    if (before === execution.status) return;
    if (execution.status === "failed") {
      host.notify(t("notify.execution_failed", { action: next.label }), "error");
    } else if (execution.status === "succeeded") {
      host.notify(t("notify.execution_succeeded", { action: next.label }), "success");
    }
  }

  const settled = (execution: Execution) =>
    execution.status === "succeeded" || execution.status === "failed";

  function stopPoll(id: string) {
    const poll = executionPolls.get(id);
    if (poll?.timer != null) timers.clear(poll.timer);
    executionPolls.delete(id);
  }

  /** Polls one execution with bounded backoff until it settles (paused while hidden). */
  function schedulePoll(id: string, attempt: number, delay?: number) {
    const current = executionPolls.get(id);
    if (current?.timer != null) timers.clear(current.timer);
    if (disposed || attempt >= maxPolls) {
      executionPolls.delete(id);
      return;
    }
    if (!visible) {
      executionPolls.set(id, { attempt, timer: null });
      return;
    }
    const wait = delay ?? backoff[Math.min(attempt, backoff.length - 1)] ?? 1_000;
    const timer = timers.set(() => void pollExecution(id, attempt), wait);
    executionPolls.set(id, { attempt, timer });
  }

  async function pollExecution(id: string, attempt: number) {
    const poll = executionPolls.get(id);
    if (poll) poll.timer = null;
    const run = executionRuns.get(id) ?? 0;
    let execution: Execution;
    try {
      execution = await api.getExecution(id);
    } catch (error) {
      if (run !== (executionRuns.get(id) ?? 0)) return;
      if (isTandemApiError(error) && error.code === "NOT_FOUND") stopPoll(id);
      else if (executionPolls.has(id)) schedulePoll(id, attempt + 1);
      return;
    }
    // Retried meanwhile: this answer describes the previous run; the retry's own poll follows.
    if (run !== (executionRuns.get(id) ?? 0)) return;
    if (disposed || !executionPolls.has(id)) return;
    putExecution(execution);
    if (settled(execution)) stopPoll(id);
    else schedulePoll(id, attempt + 1);
  }

  function track(execution: Execution, source: TrackedExecution["source"], label: string) {
    const known = state.executions[execution.id];
    if (!known) {
      const tracked: TrackedExecution = { execution, source, label, retrying: false, error: null };
      set({ executions: { ...state.executions, [execution.id]: tracked } });
    } else if (known.execution.updatedAt < execution.updatedAt) {
      putExecution(execution);
    }
    const current = state.executions[execution.id]?.execution ?? execution;
    if (!settled(current) && !executionPolls.has(execution.id)) schedulePoll(execution.id, 0);
  }

  async function retryExecution(id: string) {
    const tracked = state.executions[id];
    if (!tracked || tracked.retrying || tracked.execution.status !== "failed") return;
    const patch = (update: Partial<TrackedExecution>) => {
      const current = state.executions[id];
      if (current) set({ executions: { ...state.executions, [id]: { ...current, ...update } } });
    };
    patch({ retrying: true, error: null });
    executionRuns.set(id, (executionRuns.get(id) ?? 0) + 1);
    try {
      const execution = await api.retryExecution(id);
      putExecution(execution, { retrying: false, error: null });
      if (!settled(execution)) schedulePoll(id, 0);
    } catch (error) {
      const reviewError = toReviewError(error);
      patch({ retrying: false, error: reviewError.message });
      // 409: it is no longer failed (another agent retried it); show what it is now.
      if (reviewError.code === "CONFLICT") schedulePoll(id, 0, 0);
    }
  }

  // ── Approval requests ──────────────────────────────────────────────────────────────────

  function trackApprovalExecution(request: ApprovalRequest) {
    if (!request.execution) return;
    track(
      request.execution,
      "approval",
      describeAction(request.action, ticketForLabels(), t).label,
    );
  }

  /** The approval's business action has not succeeded yet (queued, running or failed). */
  function executionUnsettled(request: ApprovalRequest): boolean {
    if (!request.execution) return false;
    const known = state.executions[request.execution.id]?.execution;
    const latest =
      known && known.updatedAt >= request.execution.updatedAt ? known : request.execution;
    return latest.status !== "succeeded";
  }

  async function loadApprovals(ticketId: string) {
    const seq = ++approvalSeq;
    if (approvalTicketId !== ticketId) {
      approvalTicketId = ticketId;
      approvalsBaseline = false;
      seenApprovals.clear();
    }
    try {
      const requests = await api.listApprovals(ticketId);
      if (seq !== approvalSeq || disposed) return;
      const fromServer = new Map(requests.map((request) => [request.id, request]));
      const current = new Map(state.approvals.map((item) => [item.request.id, item]));
      const pending: ApprovalItem[] = requests
        .filter((request) => request.status === "pending")
        .map((request) => {
          const item = current.get(request.id);
          if (!item) return { request, busy: false };
          // A list read before this agent's decision landed must not undo it.
          return item.busy || item.request.status !== "pending" ? item : { ...item, request };
        });
      const pendingIds = new Set(pending.map((item) => item.request.id));
      // Decided ones leave the list, except while being decided here, or while the business
      // action this agent approved still runs or has failed (its state and Retry stay visible).
      const kept = state.approvals
        .filter((item) => !pendingIds.has(item.request.id))
        .map((item) => {
          const latest = fromServer.get(item.request.id);
          return latest && !item.busy && latest.status !== "pending"
            ? { ...item, request: latest }
            : item;
        })
        .filter(
          (item) =>
            item.busy ||
            (approvalKeys.has(item.request.id) &&
              item.request.status !== "pending" &&
              executionUnsettled(item.request)),
        );
      const arrived = pending.filter((item) => !seenApprovals.has(item.request.id));
      for (const item of pending) seenApprovals.add(item.request.id);
      const unseen = approvalsBaseline ? state.approvalsUnseen + arrived.length : 0;
      set({
        approvals: [...pending, ...kept],
        approvalsUnseen: Math.min(unseen, pending.length),
      });
      for (const item of kept) trackApprovalExecution(item.request);
      const first = arrived[0];
      if (approvalsBaseline && first) {
        host.notify(
          t("notify.approval_requests", {
            count: arrived.length,
            name: first.request.requestedBy.name,
          }),
          "info",
        );
      }
      approvalsBaseline = true;
    } catch {
      // Approval requests are secondary to the draft; their absence is not an error screen.
    }
  }

  function scheduleApprovalPoll() {
    if (approvalTimer !== null) timers.clear(approvalTimer);
    approvalTimer = null;
    if (disposed || !visible || approvalPollMs <= 0 || approvalTicketId === null) return;
    const ticketId = approvalTicketId;
    approvalTimer = timers.set(() => {
      approvalTimer = null;
      void loadApprovals(ticketId).finally(scheduleApprovalPoll);
    }, approvalPollMs);
  }

  function refreshApprovals(ticketId: string) {
    void loadApprovals(ticketId).finally(scheduleApprovalPoll);
  }

  function setVisible(next: boolean) {
    if (next === visible || disposed) return;
    visible = next;
    if (!visible) {
      if (approvalTimer !== null) timers.clear(approvalTimer);
      approvalTimer = null;
      for (const poll of executionPolls.values()) {
        if (poll.timer != null) timers.clear(poll.timer);
        poll.timer = null;
      }
      return;
    }
    // Back in view: catch up at once, then poll as usual.
    if (approvalTicketId !== null) refreshApprovals(approvalTicketId);
    for (const [id, poll] of executionPolls) schedulePoll(id, poll.attempt, 0);
  }

  // ── Drafts ─────────────────────────────────────────────────────────────────────────────

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
      refreshApprovals(ticket.id);
      const draft = await api.createDraft({
        ticket,
        agent,
        ...(opts.instruction ? { instruction: opts.instruction } : {}),
        ...(opts.refresh ? { refresh: true } : {}),
      });
      if (seq !== loadSeq) return;
      decisionKey = newKey();
      fingerprint = ticketFingerprint(ticket);
      redraftFingerprint = null;
      set({
        phase: "ready",
        ticket,
        draft,
        replyText: draft.reply.body,
        selected: Object.fromEntries(draft.actions.map((action) => [action.id, true])),
        paramEdits: {},
        busy: null,
        stale: false,
        error: null,
        inlineError: null,
        decided: null,
        failures: [],
        draftUpdated: opts.redraft === true,
        partialTicket,
      });
      markShown(draft);
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
   * The ticket moved on (new customer message, or the server said STALE_DRAFT): draft again for
   * the new revision at once, unless that would discard the agent's edits (then Refresh does).
   */
  function redraft(ticketFingerprintNow: string | null) {
    if (state.phase !== "ready" || hasDraftEdits(state)) return;
    if (state.busy === "redrafting" && redraftFingerprint === ticketFingerprintNow) return;
    if (state.busy !== null && state.busy !== "redrafting") return;
    redraftFingerprint = ticketFingerprintNow;
    void load({ redraft: true });
  }

  async function onTicketChanged() {
    if (state.phase === "loading" || (state.busy !== null && state.busy !== "redrafting")) {
      recheck = true;
      return;
    }
    if (state.phase !== "ready" && state.phase !== "decided") return;
    let ticket: TicketContext;
    try {
      ticket = await host.getTicket();
    } catch {
      return;
    }
    const now = ticketFingerprint(ticket);
    const changed = now !== fingerprint;
    const stale = state.stale || changed;
    // Keep the ticket the decision was made against once decided, so "before" values stay true.
    if (state.phase === "ready" && state.busy === null) set({ ticket, stale });
    else if (stale !== state.stale) set({ stale });
    if (changed) redraft(now);
  }

  function onReplySent(text: string) {
    const { decided, draft } = state;
    if (!decided || !draft || decided.kind === "rejected" || decided.sentRecorded) return;
    if (!text.trim()) return;
    set({ decided: { ...decided, sentRecorded: true } });
    api.reportSent(draft.id, text).catch(() => {
      set({ decided: state.decided ? { ...state.decided, sentRecorded: false } : null });
    });
  }

  async function applyOnHost(
    actions: ReturnType<typeof hostAppliedActions>,
  ): Promise<HostActionResult[]> {
    if (actions.length === 0) return [];
    try {
      return await host.applyActions(actions);
    } catch (error) {
      return actions.map((action) => ({ id: action.id, ok: false, error: messageOf(error) }));
    }
  }

  function decide(kind: DecidedInfo["kind"], reason?: RejectionReason): Promise<void> {
    if (inflight) return inflight;
    const { draft, agent, phase } = state;
    if (phase !== "ready" || !draft || !agent || state.busy !== null) return Promise.resolve();
    // A stale draft is never inserted as if it were current; rejecting it is still allowed.
    if (state.stale && kind !== "rejected") return Promise.resolve();
    const snapshot = state;
    set({
      busy: kind === "approved" ? "approving" : kind === "inserted" ? "inserting" : "rejecting",
      inlineError: null,
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
          set({ busy: null, inlineError: reviewError });
        }
        return;
      }
      const failures: ActionFailure[] = [];
      let appliedCount = 0;
      if (kind !== "rejected") {
        try {
          await host.insertReply(snapshot.replyText);
        } catch (error) {
          failures.push({ id: "reply", message: messageOf(error), retryable: true });
        }
      }
      if (kind === "approved") {
        const actions = hostAppliedActions(draft, snapshot.selected, snapshot.paramEdits);
        for (const result of await applyOnHost(actions)) {
          if (result.ok) appliedCount++;
          else failures.push({ id: result.id, message: result.error ?? "failed", retryable: true });
        }
      }
      set({
        phase: "decided",
        busy: null,
        decided: { kind, decision, appliedCount, sentRecorded: false },
        draftUpdated: false,
        failures,
      });
      for (const execution of decision.executions) {
        const action = draft.actions.find((candidate) => candidate.id === execution.actionId);
        const label = action
          ? describeAction(action, snapshot.ticket ?? ticketForLabels(), t).label
          : execution.actionId;
        track(execution, "decision", label);
      }
      set({ failures: withExecutionFailures(state.failures) });
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
    let appliedCount = decided.appliedCount;
    if (retryable.some((failure) => failure.id === "reply")) {
      try {
        await host.insertReply(state.replyText);
      } catch (error) {
        remaining.push({ id: "reply", message: messageOf(error), retryable: true });
      }
    }
    const ids = new Set(retryable.map((failure) => failure.id));
    const actions = hostAppliedActions(draft, state.selected, state.paramEdits).filter((action) =>
      ids.has(action.id),
    );
    for (const result of await applyOnHost(actions)) {
      if (result.ok) appliedCount++;
      else remaining.push({ id: result.id, message: result.error ?? "failed", retryable: true });
    }
    set({ failures: withExecutionFailures(remaining), decided: { ...decided, appliedCount } });
  }

  const updateApproval = (id: string, patch: Partial<ApprovalItem>) =>
    set({
      approvals: state.approvals.map((entry) =>
        entry.request.id === id ? { ...entry, ...patch } : entry,
      ),
    });

  async function decideApproval(
    id: string,
    outcome: "approved" | "rejected",
    extra: { params?: Params; comment?: string } = {},
  ) {
    const item = state.approvals.find((entry) => entry.request.id === id);
    const agent = state.agent;
    if (!item || item.busy || item.request.status !== "pending" || !agent) return;
    let key = approvalKeys.get(id);
    if (!key) {
      key = newKey();
      approvalKeys.set(id, key);
    }
    const edited = item.paramEdits ? { ...item.request.action.params, ...item.paramEdits } : null;
    const params =
      extra.params ??
      (edited && !sameParams(edited, item.request.action.params) ? edited : undefined);
    updateApproval(id, { busy: true, error: undefined });
    try {
      const request = await api.decideApproval(id, {
        idempotencyKey: key,
        agent,
        outcome,
        ...(outcome === "approved" && params ? { params } : {}),
        ...(extra.comment?.trim() ? { comment: extra.comment.trim() } : {}),
      });
      updateApproval(id, { request, busy: false, error: undefined });
      trackApprovalExecution(request);
    } catch (error) {
      const reviewError = toReviewError(error);
      updateApproval(id, { busy: false, error: reviewError.message });
      // Decided elsewhere or expired meanwhile: show the list as the server has it.
      if (reviewError.code === "CONFLICT" && approvalTicketId) refreshApprovals(approvalTicketId);
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
      await load({});
    },
    dispose() {
      disposed = true;
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
      if (approvalTimer !== null) timers.clear(approvalTimer);
      approvalTimer = null;
      for (const id of [...executionPolls.keys()]) stopPoll(id);
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
      if (state.phase === "ready" && state.busy === null) set({ replyText: text });
    },
    setInstruction(text) {
      set({ instruction: text });
    },
    toggleAction(id, checked) {
      if (state.phase !== "ready" || state.busy !== null) return;
      const next = checked ?? state.selected[id] === false;
      set({ selected: { ...state.selected, [id]: next } });
    },
    setActionParam(id, key, value) {
      if (state.phase !== "ready" || state.busy !== null) return;
      const current = state.paramEdits[id] ?? {};
      set({ paramEdits: { ...state.paramEdits, [id]: { ...current, [key]: value } } });
    },
    approveAndInsert: () => decide("approved"),
    insertOnly: () => decide("inserted"),
    reject: (reason) => decide("rejected", reason),
    retryFailures,
    retryExecution,
    setApprovalParam(id, key, value) {
      const item = state.approvals.find((entry) => entry.request.id === id);
      if (!item || item.busy || item.request.status !== "pending") return;
      updateApproval(id, { paramEdits: { ...item.paramEdits, [key]: value } });
    },
    decideApproval,
    acknowledgeApprovals() {
      if (state.approvalsUnseen > 0) set({ approvalsUnseen: 0 });
    },
  };
}

/** True when the agent changed the drafted reply (what the decision will record as "edited"). */
export function replyWasEdited(state: ReviewState): boolean {
  return state.draft !== null && isReplyEdited(state.draft.reply.body, state.replyText);
}

/** The agent changed the reply or action params: a re-draft would throw that away. */
export function hasDraftEdits(state: ReviewState): boolean {
  return replyWasEdited(state) || Object.keys(state.paramEdits).length > 0;
}

/** The params an approval request would run with: the requested ones with the agent's edits. */
export function approvalParams(item: ApprovalItem): Params {
  return item.paramEdits
    ? { ...item.request.action.params, ...item.paramEdits }
    : item.request.action.params;
}

/** Approve and insert are possible: a current draft, nothing running, not stale. */
export function canDecide(state: ReviewState): boolean {
  return state.phase === "ready" && state.draft !== null && state.busy === null && !state.stale;
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
