import type { Commitment } from "@tandem/shared";
import {
  blockingCommitments,
  canAddActionFor,
  canApproveAnyway,
  hasDraftEdits,
  type MessageKey,
  type ReviewState,
} from "@tandem/sidebar";
import { useState } from "react";
import { Button, InlineMessage } from "../ui/crayons";
import { useSidebar } from "./context";

/**
 * The reply promises something no checked action does: approving is blocked until the agent
 * adds the action that does it, rewrites the sentence, or confirms (two steps) that they keep
 * the promise themselves.
 */
export function CommitmentsNotice({
  state,
  onEditSentence,
}: {
  state: ReviewState;
  onEditSentence: (sentence: string) => void;
}) {
  const { t, controller } = useSidebar();
  const [confirming, setConfirming] = useState(false);
  const blocking = blockingCommitments(state);
  const acknowledged = state.commitments.filter(
    (commitment) =>
      commitment.actionId === null &&
      state.acknowledgedCommitments.includes(commitment.text.replace(/\s+/g, " ").trim()),
  );
  const adding = state.commitmentAction;
  const busy = state.busy !== null || state.phase !== "ready";
  const language = state.draft?.reply.language;

  if (blocking.length === 0) {
    return acknowledged.length > 0 ? (
      <div role="status" className="td-notice" data-testid="commitments-acknowledged">
        <InlineMessage type="info" open closable={false}>
          {t("commitments.acknowledged")}
        </InlineMessage>
      </div>
    ) : null;
  }
  const kindLabel = (commitment: Commitment) =>
    t(`commitments.kind.${commitment.kind}` as MessageKey);
  return (
    <section
      role="alert"
      className="td-notice td-commitments"
      aria-labelledby="td-commitments-heading"
      data-testid="unbacked-commitments"
    >
      <InlineMessage type="warning" open closable={false}>
        <strong id="td-commitments-heading" className="td-block">
          {t("commitments.title")}
        </strong>
        <span className="td-block">{t("commitments.body")}</span>
      </InlineMessage>
      <ul className="td-commitment-list">
        {blocking.map((commitment) => {
          const running = adding?.kind === commitment.kind && adding.busy;
          return (
            <li key={commitment.text} className="td-commitment" data-testid="unbacked-commitment">
              <blockquote className="td-quote" lang={language}>
                {t("commitments.sentence", { text: commitment.text })}
              </blockquote>
              <div className="td-row">
                {/* Only when the policy has an action that can do it. */}
                {canAddActionFor(state, commitment.kind) && (
                  <Button
                    color="secondary"
                    size="small"
                    loading={running}
                    disabled={busy || adding?.busy === true}
                    data-testid="commitment-add-action"
                    onFwClick={() => void controller.addActionForCommitment(commitment.kind)}
                  >
                    {running
                      ? t("commitments.adding")
                      : t("commitments.add_action", { kind: kindLabel(commitment) })}
                  </Button>
                )}
                <Button
                  color="link"
                  size="small"
                  disabled={busy}
                  data-testid="commitment-edit-sentence"
                  onFwClick={() => onEditSentence(commitment.text)}
                >
                  {t("commitments.edit_sentence")}
                </Button>
              </div>
            </li>
          );
        })}
      </ul>
      {adding?.error && (
        <p role="alert" className="td-small td-error-text">
          {t("commitments.add_failed", { message: adding.error.message })}
        </p>
      )}
      {confirming ? (
        <ConfirmStep
          testId="commitment-confirm"
          question={t("commitments.acknowledge_confirm")}
          confirmLabel={t("commitments.confirm")}
          cancelLabel={t("button.cancel")}
          busy={busy}
          onConfirm={() => {
            controller.acknowledgeCommitments();
            setConfirming(false);
          }}
          onCancel={() => setConfirming(false)}
        />
      ) : (
        <div className="td-row">
          <Button color="text" size="small" disabled={busy} onFwClick={() => setConfirming(true)}>
            {t("commitments.acknowledge")}
          </Button>
        </div>
      )}
    </section>
  );
}

/**
 * A customer message arrived while the agent had edits: the edits stay, the new message is
 * shown, and the agent approves their reply after reading it or switches to a new draft (asked
 * first, since that discards the edits).
 */
export function NewerNotice({ state }: { state: ReviewState }) {
  const { t, controller } = useSidebar();
  const [confirming, setConfirming] = useState(false);
  const newer = state.newer;
  if (!newer) return null;
  const busy = state.busy !== null;
  const useNew = () => {
    if (hasDraftEdits(state)) setConfirming(true);
    else void controller.useNewDraft();
  };
  return (
    <section
      role="alert"
      className="td-notice td-newer"
      aria-labelledby="td-newer-heading"
      data-testid="newer-ticket"
    >
      <InlineMessage type="warning" open closable={false}>
        <strong id="td-newer-heading" className="td-block">
          {t("notice.newer.title", { count: newer.messages.length })}
        </strong>
        <span className="td-block">{t("notice.newer.body")}</span>
      </InlineMessage>
      <ul className="td-newer-messages" data-testid="newer-messages">
        {newer.messages.map((message) => (
          <li key={message.id}>
            <span className="td-small td-muted td-block">{message.authorName}</span>
            <blockquote className="td-quote">{message.body}</blockquote>
          </li>
        ))}
      </ul>
      {newer.loading && <p className="td-small td-muted">{t("notice.newer.loading")}</p>}
      {newer.error && (
        <p className="td-small td-error-text">
          {t("notice.newer.failed", { message: newer.error.message })}
        </p>
      )}
      {confirming ? (
        <ConfirmStep
          testId="discard-confirm"
          question={t("notice.newer.confirm_discard")}
          confirmLabel={t("button.discard_edits")}
          cancelLabel={t("button.keep_edits")}
          busy={busy}
          onConfirm={() => {
            setConfirming(false);
            void controller.useNewDraft();
          }}
          onCancel={() => setConfirming(false)}
        />
      ) : (
        <div className="td-row">
          <Button
            color="primary"
            size="small"
            loading={state.busy === "approving"}
            disabled={!canApproveAnyway(state)}
            onFwClick={() => void controller.approveAnyway()}
          >
            {state.busy === "approving" ? t("busy.approving") : t("button.approve_anyway")}
          </Button>
          <Button
            color="secondary"
            size="small"
            disabled={busy || newer.loading}
            onFwClick={useNew}
          >
            {t("button.use_new_draft")}
          </Button>
        </div>
      )}
    </section>
  );
}

/** The second step of a consequential click: the question, then confirm (danger) or cancel. */
function ConfirmStep(props: {
  testId: string;
  question: string;
  confirmLabel: string;
  cancelLabel: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <div className="td-notice" data-testid={props.testId}>
      <p className="td-small">{props.question}</p>
      <div className="td-row">
        <Button color="danger" size="small" disabled={props.busy} onFwClick={props.onConfirm}>
          {props.confirmLabel}
        </Button>
        <Button color="text" size="small" onFwClick={props.onCancel}>
          {props.cancelLabel}
        </Button>
      </div>
    </div>
  );
}
