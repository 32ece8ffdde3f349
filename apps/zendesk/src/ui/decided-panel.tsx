import {
  decidedView,
  type MessageKey,
  type ReviewController,
  type ReviewState,
  type TrackedExecution,
} from "@tandem/sidebar";
import { Button } from "@zendeskgarden/react-buttons";
import { Dots } from "@zendeskgarden/react-loaders";
import { Alert } from "@zendeskgarden/react-notifications";
import { Tag } from "@zendeskgarden/react-tags";
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

const RESULT_HUE = {
  applied: "green",
  succeeded: "green",
  staged: "yellow",
  failed: "red",
  not_in_form: "red",
  unconfirmed: "grey",
  pending: "blue",
  running: "blue",
} as const;

/**
 * The decided state, after a decision here or when the ticket is opened again: who decided
 * what and when, what the helpdesk did with each action (never "applied" for a change that only
 * sits in the form), what failed, and "Insert again" for the approved reply.
 */
export function DecidedPanel({
  state,
  controller,
}: {
  state: ReviewState;
  controller: ReviewController;
}) {
  const t = useT();
  const [details, setDetails] = useState(false);
  const view = decidedView(state, t);
  if (!view) return null;
  const { decided, summary, rows, unlisted, failures, insertAgain } = view;
  return (
    <Stack data-testid="decided-panel" data-decision={decided.kind}>
      <Alert type={decided.kind === "rejected" ? "info" : "success"} role="status">
        <Alert.Title data-testid="decided-title">{summary.title}</Alert.Title>
        {summary.body && <Alert.Paragraph>{summary.body}</Alert.Paragraph>}
        {summary.applied && <Alert.Paragraph>{summary.applied}</Alert.Paragraph>}
        {summary.staged && (
          <Alert.Paragraph data-testid="staged-notice">
            <strong>{summary.staged}</strong>
          </Alert.Paragraph>
        )}
        {summary.sent && <Alert.Paragraph>{summary.sent}</Alert.Paragraph>}
        {insertAgain && (
          <Row>
            <Button
              size="small"
              disabled={insertAgain.disabled}
              data-testid="insert-again"
              onClick={() => void controller.insertAgain()}
            >
              {insertAgain.label}
            </Button>
          </Row>
        )}
      </Alert>
      {summary.notInForm && (
        // Reopened after a reload: what was only set in the form is gone; never say otherwise.
        <Alert type="warning" role="note" data-testid="not-in-form-notice">
          <Alert.Paragraph>
            <strong>{summary.notInForm}</strong>
          </Alert.Paragraph>
          <Row>
            <Button
              size="small"
              disabled={decided.settingAgain}
              data-testid="set-again"
              onClick={() => void controller.setAgain()}
            >
              {view.setAgainLabel}
            </Button>
          </Row>
        </Alert>
      )}
      {rows.length > 0 && (
        <PlainList aria-label={t("actions.label")} aria-live="polite" data-testid="decided-actions">
          {rows.map(({ row, tracked }) => (
            <li
              key={row.id}
              data-testid="decided-action"
              data-action-id={row.id}
              data-status={row.status ?? row.outcome}
            >
              {tracked ? (
                <ExecutionLine
                  tracked={tracked}
                  onRetry={() => void controller.retryExecution(tracked.execution.id)}
                />
              ) : (
                <Row>
                  <span>{row.label}</span>
                  {row.after && <Muted>{row.after}</Muted>}
                  <Tag
                    size="small"
                    hue={row.status && row.status in RESULT_HUE ? RESULT_HUE[row.status] : "grey"}
                  >
                    {row.statusText}
                  </Tag>
                </Row>
              )}
            </li>
          ))}
        </PlainList>
      )}
      {unlisted.length > 0 && (
        <PlainList aria-live="polite">
          {unlisted.map((tracked) => (
            <li key={tracked.execution.id}>
              <ExecutionLine
                tracked={tracked}
                onRetry={() => void controller.retryExecution(tracked.execution.id)}
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
                {failure.label}
                {details && <Muted>{` — ${failure.message}`}</Muted>}
              </li>
            ))}
          </PlainList>
          <Row>
            {view.retryable && (
              <Button size="small" onClick={() => void controller.retryFailures()}>
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
