import type { Commitment } from "@tandem/shared";
import { detectCommitments } from "./detect";
import { actionFulfils, type CommitmentAction } from "./fulfils";

export interface BindableAction extends CommitmentAction {
  id: string;
}

/** A commitment with the place of its sentence in the text (for highlighting). */
export interface BoundCommitment extends Commitment {
  start: number;
  end: number;
}

/**
 * The reply's commitments, each with the first of `actions` that does what it promises, or
 * `actionId: null` when none does (an unbacked promise). Pass only the actions that will happen:
 * for a decision, the approved ones and those applied by policy.
 */
export function bindCommitments(
  text: string,
  actions: readonly BindableAction[],
  language?: string,
): BoundCommitment[] {
  return detectCommitments(text, language).map((found) => ({
    kind: found.kind,
    text: found.text,
    actionId: actions.find((action) => actionFulfils(found.kind, action))?.id ?? null,
    start: found.start,
    end: found.end,
  }));
}

/** The commitments no action backs. */
export function unbackedCommitments(
  text: string,
  actions: readonly BindableAction[],
  language?: string,
): BoundCommitment[] {
  return bindCommitments(text, actions, language).filter((c) => c.actionId === null);
}
