import type { CommitmentKind } from "@tandem/shared";
import {
  type ConfirmStepView,
  commitmentsNoticeView,
  newerNoticeView,
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
  const view = commitmentsNoticeView(state, t);
  const { busy } = view;

  if (view.items.length === 0) {
    return view.acknowledgedOnly ? (
      <div role="status" className="td-notice" data-testid="commitments-acknowledged">
        <InlineMessage type="info" open closable={false}>
          {t("commitments.acknowledged")}
        </InlineMessage>
      </div>
    ) : null;
  }
  const addAction = (kind: CommitmentKind) => void controller.addActionForCommitment(kind);
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
        {view.items.map((item) => (
          <li
            key={item.commitment.text}
            className="td-commitment"
            data-testid="unbacked-commitment"
          >
            <blockquote className="td-quote" lang={view.language}>
              {item.sentence}
            </blockquote>
            <div className="td-row">
              {item.canAddAction && (
                <Button
                  color="secondary"
                  size="small"
                  loading={item.running}
                  disabled={item.addDisabled}
                  data-testid="commitment-add-action"
                  onFwClick={() => addAction(item.commitment.kind)}
                >
                  {item.addLabel}
                </Button>
              )}
              <Button
                color="link"
                size="small"
                disabled={busy}
                data-testid="commitment-edit-sentence"
                onFwClick={() => onEditSentence(item.commitment.text)}
              >
                {t("commitments.edit_sentence")}
              </Button>
            </div>
          </li>
        ))}
      </ul>
      {view.addError && (
        <p role="alert" className="td-small td-error-text">
          {view.addError}
        </p>
      )}
      {confirming ? (
        <ConfirmStep
          {...view.confirm}
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
  const view = newerNoticeView(state, t);
  if (!view) return null;
  const useNew = () => {
    if (view.confirmBeforeUseNew) setConfirming(true);
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
          {view.title}
        </strong>
        <span className="td-block">{t("notice.newer.body")}</span>
      </InlineMessage>
      <ul className="td-newer-messages" data-testid="newer-messages">
        {view.messages.map((message) => (
          <li key={message.id}>
            <span className="td-small td-muted td-block">{message.authorName}</span>
            <blockquote className="td-quote">{message.body}</blockquote>
          </li>
        ))}
      </ul>
      {view.loading && <p className="td-small td-muted">{t("notice.newer.loading")}</p>}
      {view.error && <p className="td-small td-error-text">{view.error}</p>}
      {confirming ? (
        <ConfirmStep
          {...view.confirm}
          busy={view.busy}
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
            loading={view.approving}
            disabled={!view.canApproveAnyway}
            onFwClick={() => void controller.approveAnyway()}
          >
            {view.approveLabel}
          </Button>
          <Button color="secondary" size="small" disabled={view.useNewDisabled} onFwClick={useNew}>
            {t("button.use_new_draft")}
          </Button>
        </div>
      )}
    </section>
  );
}

/** The second step of a consequential click: the question, then confirm (danger) or cancel. */
function ConfirmStep(
  props: ConfirmStepView & { busy: boolean; onConfirm: () => void; onCancel: () => void },
) {
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
