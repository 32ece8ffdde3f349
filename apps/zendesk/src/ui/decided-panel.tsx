import type { Draft, TicketContext } from "@tandem/shared";
import {
  type ActionFailure,
  type DecidedInfo,
  describeAction,
  type MessageKey,
} from "@tandem/shared/sidebar";
import { Button } from "@zendeskgarden/react-buttons";
import { Alert } from "@zendeskgarden/react-notifications";
import { useState } from "react";
import { useT } from "./i18n-context";
import { Muted, PlainList, Row, Stack } from "./styles";

interface DecidedPanelProps {
  decided: DecidedInfo;
  draft: Draft;
  ticket: TicketContext;
  failures: ActionFailure[];
  onRetryFailures: () => void;
}

export function DecidedPanel({
  decided,
  draft,
  ticket,
  failures,
  onRetryFailures,
}: DecidedPanelProps) {
  const t = useT();
  const [details, setDetails] = useState(false);
  const labelOf = (actionId: string) => {
    if (actionId === "reply") return t("reply.label");
    const action = draft.actions.find((candidate) => candidate.id === actionId);
    return action ? describeAction(action, ticket, t).label : actionId;
  };
  const executions = decided.decision.executions;
  const retryable = failures.some((failure) => failure.retryable);
  return (
    <Stack>
      <Alert type={decided.kind === "rejected" ? "info" : "success"} role="status">
        <Alert.Paragraph>{t(`decided.${decided.kind}`)}</Alert.Paragraph>
        {decided.appliedCount > 0 && (
          <Alert.Paragraph>
            {t("decided.actions_applied", { count: decided.appliedCount })}
          </Alert.Paragraph>
        )}
        {decided.sentRecorded && <Alert.Paragraph>{t("decided.sent")}</Alert.Paragraph>}
      </Alert>
      {executions.length > 0 && (
        <PlainList>
          {executions.map((execution) => (
            <li key={execution.id}>
              {t("execution.status", {
                action: labelOf(execution.actionId),
                status: t(`execution.${execution.status}` as MessageKey),
              })}
            </li>
          ))}
        </PlainList>
      )}
      {failures.length > 0 && (
        <Alert type="error" role="alert">
          <Alert.Title>{t("execution.failed.title")}</Alert.Title>
          <PlainList>
            {failures.map((failure) => (
              <li key={failure.id}>
                {failure.id === "reply" ? t("execution.reply_failed") : labelOf(failure.id)}
                {details && <Muted>{` — ${failure.message}`}</Muted>}
              </li>
            ))}
          </PlainList>
          <Row>
            {retryable && (
              <Button size="small" onClick={onRetryFailures}>
                {t("button.retry_actions")}
              </Button>
            )}
            <Button
              size="small"
              isBasic
              aria-expanded={details}
              onClick={() => setDetails(!details)}
            >
              {details ? t("button.hide_details") : t("button.details")}
            </Button>
          </Row>
        </Alert>
      )}
    </Stack>
  );
}
