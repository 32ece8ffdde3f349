import type { ApprovalRequest } from "../schemas/approvals";
import type { Agent, Params } from "../schemas/common";
import type { Decision, RejectionReason } from "../schemas/decision";
import type { Draft } from "../schemas/draft";
import type { TicketContext } from "../schemas/ticket";
import { type ClientErrorCode, isTandemApiError, type TandemApi } from "./api";
import {
  buildApproveDecision,
  buildRejectDecision,
  hostAppliedActions,
  isReplyEdited,
  randomKey,
} from "./decision";
import type { HostActionResult, HostClient } from "./host";
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

export type ReviewBusy = "approving" | "inserting" | "rejecting" | "regenerating" | null;

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
  /** Host-side steps can be retried from the sidebar; server executions cannot. */
  retryable: boolean;
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
}

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
  decideApproval(
    id: string,
    outcome: "approved" | "rejected",
    extra?: { params?: Params; comment?: string },
  ): Promise<void>;
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
  let state = initialState(options.missingSettings ?? []);
  const listeners = new Set<() => void>();
  const unsubscribers: Array<() => void> = [];
  const shown = new Set<string>();
  const approvalKeys = new Map<string, string>();
  let loadSeq = 0;
  let decisionKey = "";
  let fingerprint = "";
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

  async function loadApprovals(ticketId: string) {
    try {
      const requests = await api.listApprovals(ticketId);
      const pending = requests.filter((request) => request.status === "pending");
      const kept = state.approvals.filter(
        (item) => item.request.status !== "pending" && item.request.ticketId === ticketId,
      );
      set({ approvals: [...pending.map((request) => ({ request, busy: false })), ...kept] });
    } catch {
      // Approval requests are secondary to the draft; their absence is not an error screen.
    }
  }

  async function load(opts: { refresh?: boolean; instruction?: string; keepDraft?: boolean }) {
    if (state.missingSettings.length > 0) {
      set({ phase: "not_configured" });
      return;
    }
    const seq = ++loadSeq;
    if (opts.keepDraft && state.draft) {
      set({ busy: "regenerating", inlineError: null });
    } else {
      set({ phase: "loading", busy: null, error: null, inlineError: null, stale: false });
    }
    try {
      const [ticket, user] = await Promise.all([host.getTicket(), host.getCurrentUser()]);
      if (seq !== loadSeq) return;
      const agent: Agent = { id: user.id, name: user.name };
      set({ agent });
      void loadApprovals(ticket.id);
      const draft = await api.createDraft({
        ticket,
        agent,
        ...(opts.instruction ? { instruction: opts.instruction } : {}),
        ...(opts.refresh ? { refresh: true } : {}),
      });
      if (seq !== loadSeq) return;
      decisionKey = newKey();
      fingerprint = ticketFingerprint(ticket);
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
      });
      markShown(draft);
    } catch (error) {
      if (seq !== loadSeq) return;
      const reviewError = toReviewError(error);
      if (opts.keepDraft && state.draft) {
        set({ busy: null, inlineError: reviewError });
      } else {
        set({ phase: phaseFor(reviewError), error: reviewError, busy: null, draft: null });
      }
    }
  }

  async function onTicketChanged() {
    if (state.phase !== "ready" && state.phase !== "decided") return;
    let ticket: TicketContext;
    try {
      ticket = await host.getTicket();
    } catch {
      return;
    }
    const stale = state.stale || ticketFingerprint(ticket) !== fingerprint;
    // Keep the ticket the decision was made against once decided, so "before" values stay true.
    if (state.phase === "ready" && state.busy === null) set({ ticket, stale });
    else if (stale !== state.stale) set({ stale });
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
        if (reviewError.code === "STALE_DRAFT") set({ busy: null, stale: true });
        else set({ busy: null, inlineError: reviewError });
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
      for (const execution of decision.executions) {
        if (execution.status === "failed") {
          failures.push({
            id: execution.actionId,
            message: execution.lastError ?? t("execution.failed"),
            retryable: false,
          });
        }
      }
      set({
        phase: "decided",
        busy: null,
        decided: { kind, decision, appliedCount, sentRecorded: false },
        failures,
      });
      if (failures.length > 0) {
        host.notify(t("notify.actions_failed", { count: failures.length }), "error");
      } else if (kind !== "rejected") {
        host.notify(t("notify.inserted"), "success");
      }
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
    set({ failures: remaining, decided: { ...decided, appliedCount } });
  }

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
    const update = (patch: Partial<ApprovalItem>) =>
      set({
        approvals: state.approvals.map((entry) =>
          entry.request.id === id ? { ...entry, ...patch } : entry,
        ),
      });
    set({
      approvals: state.approvals.map((entry) =>
        entry.request.id === id ? { request: entry.request, busy: true } : entry,
      ),
    });
    try {
      const request = await api.decideApproval(id, {
        idempotencyKey: key,
        agent,
        outcome,
        ...(extra.params ? { params: extra.params } : {}),
        ...(extra.comment?.trim() ? { comment: extra.comment.trim() } : {}),
      });
      update({ request, busy: false });
    } catch (error) {
      update({ busy: false, error: toReviewError(error).message });
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
      await load({});
    },
    dispose() {
      disposed = true;
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
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
    decideApproval,
  };
}

/** True when the agent changed the drafted reply (what the decision will record as "edited"). */
export function replyWasEdited(state: ReviewState): boolean {
  return state.draft !== null && isReplyEdited(state.draft.reply.body, state.replyText);
}
