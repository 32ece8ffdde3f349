import { type BoundCommitment, bindCommitments } from "@tandem/commitments";
import type { CommitmentKind, Draft, Params, ProposedAction } from "@tandem/shared";
import { type ControllerCore, toReviewError } from "./controller-core";
import { effectiveParams } from "./decision";
import type { ReviewState } from "./review-state";

/** The checked actions of a draft as they would run (the agent's param edits applied). */
export function checkedActions(
  draft: Draft,
  selected: Record<string, boolean>,
  paramEdits: Record<string, Params>,
): ProposedAction[] {
  return draft.actions
    .filter((action) => selected[action.id] !== false)
    .map((action) => ({ ...action, params: effectiveParams(action, paramEdits[action.id]) }));
}

/**
 * The sentences of the reply that promise an action, each bound to the checked action that does
 * it (or to none): what approving this reply with these actions would commit the company to.
 */
export function liveCommitments(
  draft: Draft | null,
  replyText: string,
  selected: Record<string, boolean>,
  paramEdits: Record<string, Params>,
): BoundCommitment[] {
  if (!draft) return [];
  // `fulfils` is what the policy said each action backs when it was proposed: the same kinds
  // the server's decision check takes from the policy, so both bind a promise alike.
  const actions = checkedActions(draft, selected, paramEdits).map((action) => ({
    id: action.id,
    type: action.type,
    kind: action.kind,
    title: action.title ?? null,
    fulfils: action.fulfils,
  }));
  return bindCommitments(replyText, actions, draft.reply.language);
}

/** A sentence as acknowledged: spacing does not make it another promise. */
const sentenceKey = (text: string) => text.replace(/\s+/g, " ").trim();

/** The reply has a promise that no checked action backs (acknowledged or not). */
export function hasUnbackedCommitments(state: ReviewState): boolean {
  return state.commitments.some((commitment) => commitment.actionId === null);
}

/**
 * Unbacked promises the agent has not confirmed: while there is one, one-click approval and
 * insert are blocked. Resolved by adding the action, editing the sentence, or acknowledging.
 */
export function blockingCommitments(state: ReviewState): BoundCommitment[] {
  if (state.phase !== "ready") return [];
  const acknowledged = new Set(state.acknowledgedCommitments);
  return state.commitments.filter(
    (commitment) => commitment.actionId === null && !acknowledged.has(sentenceKey(commitment.text)),
  );
}

/**
 * A state patch that changes what the agent will approve (reply, checked actions, params, the
 * draft's action list), with the commitments bound again against it.
 */
export function withCommitments(
  state: ReviewState,
  patch: Partial<Pick<ReviewState, "draft" | "replyText" | "selected" | "paramEdits">>,
): Partial<ReviewState> {
  const next = { ...state, ...patch };
  return {
    ...patch,
    commitments: liveCommitments(next.draft, next.replyText, next.selected, next.paramEdits),
  };
}

/**
 * Whether "Add action: {kind}" is offered: some action the installation's policy does not block
 * can back a promise of this kind. Otherwise the agent edits the sentence or keeps it themselves.
 */
export function canAddActionFor(state: ReviewState, kind: CommitmentKind): boolean {
  return state.draft?.backableKinds.includes(kind) ?? false;
}

/** The two ways on from an unbacked promise that are not typing: add the action, or confirm. */
export function createCommitmentCommands(core: ControllerCore) {
  async function addActionForCommitment(kind: CommitmentKind): Promise<void> {
    const state = core.get();
    const { draft } = state;
    if (state.phase !== "ready" || !draft || state.busy !== null) return;
    if (!canAddActionFor(state, kind)) return;
    if (state.commitmentAction?.busy) return;
    core.set({ commitmentAction: { kind, busy: true, error: null } });
    try {
      const action = await core.api.addDraftAction(draft.id, {
        commitmentKind: kind,
        ...(state.ticket ? { ticket: state.ticket } : {}),
      });
      const now = core.get();
      // Another draft is on screen meanwhile: the action belongs to the one it was added to.
      if (!now.draft || now.draft.id !== draft.id) return;
      const nextDraft: Draft = {
        ...now.draft,
        actions: [...now.draft.actions.filter((known) => known.id !== action.id), action],
      };
      core.set({
        commitmentAction: null,
        ...withCommitments(now, {
          draft: nextDraft,
          selected: { ...now.selected, [action.id]: true },
        }),
      });
    } catch (error) {
      if (core.get().draft?.id !== draft.id) return;
      core.set({ commitmentAction: { kind, busy: false, error: toReviewError(error) } });
    }
  }

  /** The agent confirmed (the view asked) that the current unbacked promises are theirs to keep. */
  function acknowledgeCommitments(): void {
    const state = core.get();
    if (state.phase !== "ready") return;
    const unbacked = state.commitments
      .filter((commitment) => commitment.actionId === null)
      .map((commitment) => sentenceKey(commitment.text));
    if (unbacked.length === 0) return;
    core.set({
      acknowledgedCommitments: [...new Set([...state.acknowledgedCommitments, ...unbacked])],
    });
  }

  return { addActionForCommitment, acknowledgeCommitments };
}
