import type {
  Agent,
  DecisionRequestInput,
  Draft,
  Params,
  ProposedAction,
  RejectionReason,
  ReplyOutcome,
} from "@tandem/shared";
import { canonicalJson } from "@tandem/shared";

/** Random id for idempotency keys; `crypto.randomUUID` where available (secure contexts). */
export function randomKey(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === "function") return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === "function") c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Line endings and trailing blanks are not edits; anything else the agent changed is. */
function normalizeReply(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t]+$/gm, "")
    .trim();
}

export function isReplyEdited(drafted: string, current: string): boolean {
  return normalizeReply(drafted) !== normalizeReply(current);
}

export function replyOutcome(drafted: string, current: string): Exclude<ReplyOutcome, "rejected"> {
  return isReplyEdited(drafted, current) ? "edited" : "accepted";
}

/** Structural equality of JSON params, independent of key order. */
export function sameParams(a: Params, b: Params): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * The params an action would run with: the proposal overlaid with the agent's edits. A param the
 * agent emptied (edited to undefined) is not given.
 */
export function effectiveParams(action: ProposedAction, edits: Params | undefined): Params {
  if (!edits) return action.params;
  return Object.fromEntries(
    Object.entries({ ...action.params, ...edits }).filter(([, value]) => value !== undefined),
  );
}

export interface ApproveInput {
  draft: Draft;
  agent: Agent;
  idempotencyKey: string;
  replyText: string;
  /** Action id → checked. Missing ids count as checked (the sidebar pre-checks everything). */
  selected: Record<string, boolean>;
  paramEdits: Record<string, Params>;
  /** `insert_only` records the reply and leaves the actions undecided. */
  mode: "approve" | "insert_only";
  /** The agent confirmed the reply's unbacked commitments in the sidebar. */
  acknowledgeCommitments?: boolean;
  /** The newer ticket revision the agent read before deciding on this (older) draft. */
  seenTicketRevision?: string;
}

/** The decision for "Approve & insert" or "Insert only". */
export function buildApproveDecision(input: ApproveInput): DecisionRequestInput {
  const outcome = replyOutcome(input.draft.reply.body, input.replyText);
  const actions =
    input.mode === "insert_only"
      ? []
      : input.draft.actions.map((action) => {
          if (input.selected[action.id] === false) {
            return { id: action.id, outcome: "rejected" as const };
          }
          const params = effectiveParams(action, input.paramEdits[action.id]);
          return {
            id: action.id,
            outcome: "approved" as const,
            ...(sameParams(params, action.params) ? {} : { params }),
          };
        });
  return {
    idempotencyKey: input.idempotencyKey,
    agent: input.agent,
    ticketRevision: input.draft.ticketRevision,
    reply: { outcome, ...(outcome === "edited" ? { body: input.replyText } : {}) },
    actions,
    ...(input.mode === "insert_only" ? { autoActionsApplied: false } : {}),
    ...(input.acknowledgeCommitments ? { acknowledgeCommitments: true } : {}),
    ...(input.seenTicketRevision ? { seenTicketRevision: input.seenTicketRevision } : {}),
  };
}

/** "Reject": the reply and every proposed action are rejected with the same reason. */
export function buildRejectDecision(input: {
  draft: Draft;
  agent: Agent;
  idempotencyKey: string;
  reason: RejectionReason;
}): DecisionRequestInput {
  const reason: RejectionReason = {
    code: input.reason.code,
    ...(input.reason.note?.trim() ? { note: input.reason.note.trim() } : {}),
  };
  return {
    idempotencyKey: input.idempotencyKey,
    agent: input.agent,
    ticketRevision: input.draft.ticketRevision,
    reply: { outcome: "rejected", reason },
    actions: input.draft.actions.map((action) => ({
      id: action.id,
      outcome: "rejected" as const,
      reason,
    })),
  };
}

/** Actions the helpdesk UI applies (ticket fields); business actions are executed by the server. */
export function hostAppliedActions(
  draft: Draft,
  selected: Record<string, boolean>,
  paramEdits: Record<string, Params>,
) {
  return draft.actions
    .filter((action) => action.kind === "field" && selected[action.id] !== false)
    .map((action) => ({
      id: action.id,
      type: action.type,
      params: effectiveParams(action, paramEdits[action.id]),
    }));
}

/**
 * True when `key` names the object the action changes (a target param): shown read-only and
 * never sent changed, since the server refuses that (`409 TARGET_LOCKED`) — for actions the
 * agent added too, whose targets the server pre-filled from the ticket.
 */
export function isLockedParam(action: { targetParams?: readonly string[] }, key: string): boolean {
  return action.targetParams?.includes(key) ?? false;
}

/** Params an agent can edit in a text or number field (ids, amounts, dates …), in their order. */
export function editableParams(params: Params): Array<[string, string | number]> {
  return Object.entries(params).filter(
    (entry): entry is [string, string | number] =>
      typeof entry[1] === "string" || typeof entry[1] === "number",
  );
}

/** The value of a param field after the agent typed `text`: a number stays a number if it parses. */
export function paramFromInput(original: unknown, text: string): string | number {
  if (typeof original !== "number" || text.trim() === "") return text;
  const number = Number(text);
  return Number.isFinite(number) ? number : text;
}
