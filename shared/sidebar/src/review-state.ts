import type { BoundCommitment } from "@tandem/commitments";
import type {
  Agent,
  ApprovalRequest,
  CommitmentKind,
  Decision,
  Draft,
  Execution,
  Params,
  TicketContext,
  TicketMessage,
} from "@tandem/shared";
import type { ClientErrorCode } from "./api";
import type { FieldIssue } from "./field-issues";
import type { HostApplyResult } from "./host";

// The shape of the review state. How it changes: review-transitions.ts; what views read of it:
// review-selectors.ts; who drives it: review-controller.ts.

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
