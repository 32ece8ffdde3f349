import type { CommitmentKind } from "@tandem/shared";
import {
  type ConfirmStepView,
  commitmentsNoticeView,
  newerNoticeView,
  type ReviewController,
  type ReviewState,
} from "@tandem/sidebar";
import { Button } from "@zendeskgarden/react-buttons";
import { Alert } from "@zendeskgarden/react-notifications";
import type { IGardenTheme } from "@zendeskgarden/react-theming";
import { useState } from "react";
import styled from "styled-components";
import { useT } from "./i18n-context";
import { Muted, PlainList, Row, Stack } from "./styles";

/** A quoted sentence or message: customer and draft text are data, shown as written. */
const Quote = styled.blockquote`
  margin: 0;
  padding-inline-start: ${({ theme }) => (theme as IGardenTheme).space.sm};
  border-inline-start: 3px solid currentColor;
  white-space: pre-wrap;
`;

/**
 * The reply promises something no checked action does ("I have approved the full refund"):
 * approving is blocked until the agent adds the action that does it, rewrites the sentence, or
 * confirms (two steps) that they will keep the promise themselves.
 */
export function CommitmentsNotice({
  state,
  controller,
  onEditSentence,
}: {
  state: ReviewState;
  controller: ReviewController;
  onEditSentence: (sentence: string) => void;
}) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const view = commitmentsNoticeView(state, t);
  const { busy } = view;

  if (view.items.length === 0) {
    return view.acknowledgedOnly ? (
      <Alert type="info" role="status" data-testid="commitments-acknowledged">
        <Alert.Paragraph>{t("commitments.acknowledged")}</Alert.Paragraph>
      </Alert>
    ) : null;
  }
  const addAction = (kind: CommitmentKind) => void controller.addActionForCommitment(kind);
  return (
    <Alert type="warning" role="alert" data-testid="unbacked-commitments">
      <Alert.Title>{t("commitments.title")}</Alert.Title>
      <Alert.Paragraph>{t("commitments.body")}</Alert.Paragraph>
      <Stack $gap="sm">
        <PlainList>
          {view.items.map((item) => (
            <li key={item.commitment.text} data-testid="unbacked-commitment">
              <Stack $gap="xs">
                <Quote lang={view.language}>{item.sentence}</Quote>
                <Row>
                  {item.canAddAction && (
                    <Button
                      size="small"
                      disabled={item.addDisabled}
                      data-testid="commitment-add-action"
                      onClick={() => addAction(item.commitment.kind)}
                    >
                      {item.addLabel}
                    </Button>
                  )}
                  <Button
                    size="small"
                    isBasic
                    disabled={busy}
                    data-testid="commitment-edit-sentence"
                    onClick={() => onEditSentence(item.commitment.text)}
                  >
                    {t("commitments.edit_sentence")}
                  </Button>
                </Row>
              </Stack>
            </li>
          ))}
        </PlainList>
        {view.addError && <Alert.Paragraph role="alert">{view.addError}</Alert.Paragraph>}
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
          <Button
            size="small"
            isLink
            disabled={busy}
            style={{ alignSelf: "flex-start" }}
            onClick={() => setConfirming(true)}
          >
            {t("commitments.acknowledge")}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

/**
 * A customer message arrived while the agent had edits: the edits stay, the new message is
 * shown, and the agent approves their reply after reading it or switches to a new draft (asked
 * first, since that discards the edits).
 */
export function NewerNotice({
  state,
  controller,
}: {
  state: ReviewState;
  controller: ReviewController;
}) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const view = newerNoticeView(state, t);
  if (!view) return null;
  const useNew = () => {
    if (view.confirmBeforeUseNew) setConfirming(true);
    else void controller.useNewDraft();
  };
  return (
    <Alert type="warning" role="alert" data-testid="newer-ticket">
      <Alert.Title>{view.title}</Alert.Title>
      <Stack $gap="sm">
        <PlainList data-testid="newer-messages">
          {view.messages.map((message) => (
            <li key={message.id}>
              <Stack $gap="xxs">
                <Muted>{message.authorName}</Muted>
                <Quote>{message.body}</Quote>
              </Stack>
            </li>
          ))}
        </PlainList>
        <Alert.Paragraph>{t("notice.newer.body")}</Alert.Paragraph>
        {view.loading && <Alert.Paragraph>{t("notice.newer.loading")}</Alert.Paragraph>}
        {view.error && <Alert.Paragraph>{view.error}</Alert.Paragraph>}
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
          <Row>
            <Button
              size="small"
              isPrimary
              disabled={!view.canApproveAnyway}
              onClick={() => void controller.approveAnyway()}
            >
              {view.approveLabel}
            </Button>
            <Button size="small" disabled={view.useNewDisabled} onClick={useNew}>
              {t("button.use_new_draft")}
            </Button>
          </Row>
        )}
      </Stack>
    </Alert>
  );
}

/** The second step of a consequential click: the question, then confirm (danger) or cancel. */
function ConfirmStep(
  props: ConfirmStepView & { busy: boolean; onConfirm: () => void; onCancel: () => void },
) {
  return (
    <Stack $gap="xs" data-testid={props.testId}>
      <Alert.Paragraph>{props.question}</Alert.Paragraph>
      <Row>
        <Button size="small" isDanger disabled={props.busy} onClick={props.onConfirm}>
          {props.confirmLabel}
        </Button>
        <Button size="small" isBasic onClick={props.onCancel}>
          {props.cancelLabel}
        </Button>
      </Row>
    </Stack>
  );
}
