import type { Commitment } from "@tandem/shared";
import {
  blockingCommitments,
  canAddActionFor,
  canApproveAnyway,
  hasDraftEdits,
  type MessageKey,
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
  const blocking = blockingCommitments(state);
  const language = state.draft?.reply.language;
  const acknowledged = state.commitments.filter(
    (commitment) =>
      commitment.actionId === null &&
      state.acknowledgedCommitments.includes(commitment.text.replace(/\s+/g, " ").trim()),
  );
  const adding = state.commitmentAction;
  const busy = state.busy !== null || state.phase !== "ready";

  if (blocking.length === 0) {
    return acknowledged.length > 0 ? (
      <Alert type="info" role="status" data-testid="commitments-acknowledged">
        <Alert.Paragraph>{t("commitments.acknowledged")}</Alert.Paragraph>
      </Alert>
    ) : null;
  }
  const kindLabel = (commitment: Commitment) =>
    t(`commitments.kind.${commitment.kind}` as MessageKey);
  return (
    <Alert type="warning" role="alert" data-testid="unbacked-commitments">
      <Alert.Title>{t("commitments.title")}</Alert.Title>
      <Alert.Paragraph>{t("commitments.body")}</Alert.Paragraph>
      <Stack $gap="sm">
        <PlainList>
          {blocking.map((commitment) => {
            const running = adding?.kind === commitment.kind && adding.busy;
            return (
              <li key={commitment.text} data-testid="unbacked-commitment">
                <Stack $gap="xs">
                  <Quote lang={language}>
                    {t("commitments.sentence", { text: commitment.text })}
                  </Quote>
                  <Row>
                    {/* Only when the policy has an action that can do it. */}
                    {canAddActionFor(state, commitment.kind) && (
                      <Button
                        size="small"
                        disabled={busy || adding?.busy === true}
                        data-testid="commitment-add-action"
                        onClick={() => void controller.addActionForCommitment(commitment.kind)}
                      >
                        {running
                          ? t("commitments.adding")
                          : t("commitments.add_action", { kind: kindLabel(commitment) })}
                      </Button>
                    )}
                    <Button
                      size="small"
                      isBasic
                      disabled={busy}
                      data-testid="commitment-edit-sentence"
                      onClick={() => onEditSentence(commitment.text)}
                    >
                      {t("commitments.edit_sentence")}
                    </Button>
                  </Row>
                </Stack>
              </li>
            );
          })}
        </PlainList>
        {adding?.error && (
          <Alert.Paragraph role="alert">
            {t("commitments.add_failed", { message: adding.error.message })}
          </Alert.Paragraph>
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
  const newer = state.newer;
  if (!newer) return null;
  const busy = state.busy !== null;
  const useNew = () => {
    if (hasDraftEdits(state)) setConfirming(true);
    else void controller.useNewDraft();
  };
  return (
    <Alert type="warning" role="alert" data-testid="newer-ticket">
      <Alert.Title>{t("notice.newer.title", { count: newer.messages.length })}</Alert.Title>
      <Stack $gap="sm">
        <PlainList data-testid="newer-messages">
          {newer.messages.map((message) => (
            <li key={message.id}>
              <Stack $gap="xxs">
                <Muted>{message.authorName}</Muted>
                <Quote>{message.body}</Quote>
              </Stack>
            </li>
          ))}
        </PlainList>
        <Alert.Paragraph>{t("notice.newer.body")}</Alert.Paragraph>
        {newer.loading && <Alert.Paragraph>{t("notice.newer.loading")}</Alert.Paragraph>}
        {newer.error && (
          <Alert.Paragraph>
            {t("notice.newer.failed", { message: newer.error.message })}
          </Alert.Paragraph>
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
          <Row>
            <Button
              size="small"
              isPrimary
              disabled={!canApproveAnyway(state)}
              onClick={() => void controller.approveAnyway()}
            >
              {state.busy === "approving" ? t("busy.approving") : t("button.approve_anyway")}
            </Button>
            <Button size="small" disabled={busy || newer.loading} onClick={useNew}>
              {t("button.use_new_draft")}
            </Button>
          </Row>
        )}
      </Stack>
    </Alert>
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
