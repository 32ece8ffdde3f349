import { blockingCommitments, canAddActionFor } from "./commitments-state";
import type { MessageKey, Translator } from "./i18n";
import { canApproveAnyway, hasDraftEdits } from "./review-selectors";
import type { ReviewState } from "./review-state";

// What the draft's blocking notices show, in words; each app renders it in its design system.

/** The second step of a consequential click: its question and the two buttons' words. */
export interface ConfirmStepView {
  testId: string;
  question: string;
  confirmLabel: string;
  cancelLabel: string;
}

const sentenceKey = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * The unbacked-commitments notice: the sentences that block approving (with an "add the action"
 * button where the policy has one), or only the note that the agent keeps the promise themselves.
 */
export function commitmentsNoticeView(state: ReviewState, t: Translator) {
  const adding = state.commitmentAction;
  const busy = state.busy !== null || state.phase !== "ready";
  const acknowledged = state.commitments.some(
    (commitment) =>
      commitment.actionId === null &&
      state.acknowledgedCommitments.includes(sentenceKey(commitment.text)),
  );
  const items = blockingCommitments(state).map((commitment) => {
    const running = adding?.kind === commitment.kind && adding.busy;
    const kind = t(`commitments.kind.${commitment.kind}` as MessageKey);
    return {
      commitment,
      sentence: t("commitments.sentence", { text: commitment.text }),
      /** Only when the policy has an action that can do it. */
      canAddAction: canAddActionFor(state, commitment.kind),
      running,
      addDisabled: busy || adding?.busy === true,
      addLabel: running ? t("commitments.adding") : t("commitments.add_action", { kind }),
    };
  });
  const confirm: ConfirmStepView = {
    testId: "commitment-confirm",
    question: t("commitments.acknowledge_confirm"),
    confirmLabel: t("commitments.confirm"),
    cancelLabel: t("button.cancel"),
  };
  return {
    items,
    /** Only the "you keep the promise yourself" note is left to show. */
    acknowledgedOnly: items.length === 0 && acknowledged,
    busy,
    language: state.draft?.reply.language,
    addError: adding?.error ? t("commitments.add_failed", { message: adding.error.message }) : null,
    confirm,
  };
}

/**
 * A customer message arrived while the agent had edits: the new messages, and whether switching
 * to a new draft must ask first (it discards the edits). Null when nothing newer arrived.
 */
export function newerNoticeView(state: ReviewState, t: Translator) {
  const newer = state.newer;
  if (!newer) return null;
  const busy = state.busy !== null;
  const approving = state.busy === "approving";
  const confirm: ConfirmStepView = {
    testId: "discard-confirm",
    question: t("notice.newer.confirm_discard"),
    confirmLabel: t("button.discard_edits"),
    cancelLabel: t("button.keep_edits"),
  };
  return {
    title: t("notice.newer.title", { count: newer.messages.length }),
    messages: newer.messages,
    loading: newer.loading,
    error: newer.error ? t("notice.newer.failed", { message: newer.error.message }) : null,
    busy,
    approving,
    canApproveAnyway: canApproveAnyway(state),
    approveLabel: approving ? t("busy.approving") : t("button.approve_anyway"),
    useNewDisabled: busy || newer.loading,
    confirmBeforeUseNew: hasDraftEdits(state),
    confirm,
  };
}
