import type { Draft, TicketContext } from "@tandem/shared";
import {
  type ActionFailure,
  type DecidedInfo,
  describeAction,
  type MessageKey,
  type TrackedExecution,
} from "@tandem/shared/sidebar";
import { Button } from "@zendeskgarden/react-buttons";
import { Dots } from "@zendeskgarden/react-loaders";
import { Alert } from "@zendeskgarden/react-notifications";
import { useState } from "react";
import { useT } from "./i18n-context";
import { Muted, PlainList, Row, Stack } from "./styles";

/** One business action the server runs: "Refund order: Running", with Retry once it failed. */
export function ExecutionLine({
  tracked,
  onRetry,
}: {
  tracked: TrackedExecution;
  onRetry: () => void;
}) {
  const t = useT();
  const { execution, label } = tracked;
  const status = t(`execution.${execution.status}` as MessageKey);
  return (
    <Stack $gap="xxs">
      <Row>
        <span>{t("execution.status", { action: label, status })}</span>
        {execution.status === "running" && <Dots size={16} aria-hidden="true" />}
        {execution.status === "failed" && (
          <Button
            size="small"
            isBasic
            disabled={tracked.retrying}
            aria-label={t("execution.retry_label", { action: label })}
            onClick={onRetry}
          >
            {tracked.retrying ? t("execution.retrying") : t("execution.retry")}
          </Button>
        )}
      </Row>
      {execution.status === "failed" && execution.lastError && <Muted>{execution.lastError}</Muted>}
      {tracked.error && (
        <Muted role="alert">{t("execution.retry_failed", { message: tracked.error })}</Muted>
      )}
    </Stack>
  );
}

interface DecidedPanelProps {
  decided: DecidedInfo;
  draft: Draft;
  ticket: TicketContext;
  failures: ActionFailure[];
  executions: TrackedExecution[];
  onRetryFailures: () => void;
  onRetryExecution: (executionId: string) => void;
}

export function DecidedPanel({
  decided,
  draft,
  ticket,
  failures,
  executions,
  onRetryFailures,
  onRetryExecution,
}: DecidedPanelProps) {
  const t = useT();
  const [details, setDetails] = useState(false);
  const labelOf = (actionId: string) => {
    if (actionId === "reply") return t("reply.label");
    const action = draft.actions.find((candidate) => candidate.id === actionId);
    return action ? describeAction(action, ticket, t).label : actionId;
  };
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
        <PlainList aria-live="polite">
          {executions.map((tracked) => (
            <li key={tracked.execution.id}>
              <ExecutionLine
                tracked={tracked}
                onRetry={() => onRetryExecution(tracked.execution.id)}
              />
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
