import type { CommitmentKind, Params, RejectionReason } from "@tandem/shared";
import type { TandemApi } from "./api";
import { createApprovalPoller } from "./approval-poller";
import { createCommitmentCommands } from "./commitments-state";
import { type ControllerCore, createReviewStore } from "./controller-core";
import { randomKey } from "./decision";
import { createDraftDecisions } from "./draft-decisions";
import { createDraftLoader } from "./draft-loader";
import { createExecutionTracker } from "./execution-tracker";
import { createSetAgain } from "./form-check";
import { browserTimers, type HostClient, type Timers } from "./host";
import type { Translator } from "./i18n";
import { createOutcomeReporter } from "./outcomes";
import type { ReviewState } from "./review-state";
import {
  actionParamEdited,
  actionToggled,
  initialReviewState,
  replyEdited,
} from "./review-transitions";
import { createStaleHandler } from "./stale";

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

/**
 * The draft-review controller both sidebars run: wires the review state to its parts (drafts,
 * decisions, executions, approval requests, commitments, outcomes) and to the host's events.
 * Framework-free: views read `getState()` (React: `useSyncExternalStore`) and call the commands.
 */
export function createReviewController(options: ReviewControllerOptions): ReviewController {
  const { api, host, t } = options;
  const newKey = options.newKey ?? randomKey;
  const timers = options.timers ?? browserTimers;
  const backoffMs =
    options.executionBackoffMs && options.executionBackoffMs.length > 0
      ? options.executionBackoffMs
      : DEFAULT_EXECUTION_BACKOFF_MS;
  const maxPolls = options.executionMaxPolls ?? DEFAULT_EXECUTION_MAX_POLLS;
  const store = createReviewStore(initialReviewState(options.missingSettings ?? []));
  const core: ControllerCore = {
    api,
    host,
    t,
    timers,
    get: store.get,
    set: store.set,
    isDisposed: store.isDisposed,
  };
  const unsubscribers: Array<() => void> = [];
  let visible = true;

  const commitments = createCommitmentCommands(core);
  const outcomes = createOutcomeReporter(core);
  const stale = createStaleHandler(core);
  const executions = createExecutionTracker(core, { backoffMs, maxPolls });
  const approvals = createApprovalPoller(core, {
    pollMs: options.approvalPollMs ?? DEFAULT_APPROVAL_POLL_MS,
    newKey,
    track: executions.track,
  });
  const loader = createDraftLoader(core, { newKey, outcomes, executions, approvals, stale });
  const decisions = createDraftDecisions(core, { loader, outcomes, executions });
  const setAgain = createSetAgain(core, (draftId, results) =>
    outcomes.report(draftId, undefined, results),
  );

  /** Applies a transition's patch; null: the event does not apply now. */
  const apply = (patch: Partial<ReviewState> | null) => {
    if (patch) store.set(patch);
  };

  function setVisible(next: boolean) {
    if (next === visible || store.isDisposed()) return;
    visible = next;
    executions.setVisible(next);
    approvals.setVisible(next);
  }

  return {
    getState: store.get,
    subscribe: store.subscribe,
    async start() {
      unsubscribers.push(host.onTicketChanged(() => void loader.onTicketChanged()));
      unsubscribers.push(host.onReplySent(decisions.replySent));
      if (host.onVisibilityChanged) unsubscribers.push(host.onVisibilityChanged(setVisible));
      if (host.onTicketSaved) {
        unsubscribers.push(host.onTicketSaved((ids) => void outcomes.ticketSaved(ids)));
      }
      await loader.load({});
    },
    dispose() {
      store.dispose();
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
      outcomes.dispose();
      approvals.dispose();
      executions.dispose();
    },
    reload: () => loader.load({}),
    regenerate: loader.regenerate,
    setReply: (text) => apply(replyEdited(store.get(), text)),
    setInstruction: (text) => store.set({ instruction: text }),
    toggleAction: (id, checked) => apply(actionToggled(store.get(), id, checked)),
    setActionParam: (id, key, value) => apply(actionParamEdited(store.get(), id, key, value)),
    approveAndInsert: () => decisions.decide("approved"),
    insertOnly: () => decisions.decide("inserted"),
    reject: (reason) => decisions.decide("rejected", reason),
    retryFailures: decisions.retryFailures,
    retryExecution: executions.retry,
    setApprovalParam: approvals.setParam,
    decideApproval: approvals.decide,
    acknowledgeApprovals() {
      if (store.get().approvalsUnseen > 0) store.set({ approvalsUnseen: 0 });
    },
    addActionForCommitment: commitments.addActionForCommitment,
    acknowledgeCommitments: commitments.acknowledgeCommitments,
    insertAgain: decisions.insertAgain,
    setAgain,
    approveAnyway: decisions.approveAnyway,
    useNewDraft: loader.useNewDraft,
  };
}
