import { decisionExecutions, describeAction, type ReviewState } from "@tandem/shared/sidebar";
import { Button, InlineMessage } from "../ui/crayons";
import { useSidebar } from "./context";
import { ExecutionLine } from "./execution-line";

/** After the decision: what happened, server executions, and anything that failed (retry). */
export function DecidedView({ state }: { state: ReviewState }) {
  const { t, controller } = useSidebar();
  const decided = state.decided;
  const draft = state.draft;
  if (!decided || !draft) return null;
  const ticket = state.ticket ?? { status: "open", tags: [] };
  const actionLabel = (id: string) => {
    if (id === "reply") return t("execution.reply_failed");
    const action = draft.actions.find((item) => item.id === id);
    return action ? describeAction(action, ticket, t).label : id;
  };
  const retryable = state.failures.some((failure) => failure.retryable);
  const executions = decisionExecutions(state);
  const message =
    decided.kind === "approved"
      ? t("decided.approved")
      : decided.kind === "inserted"
        ? t("decided.inserted")
        : t("decided.rejected");
  return (
    <section className="td-screen" aria-label={message}>
      <div role="status">
        <InlineMessage type="success" open closable={false}>
          <span className="td-block">{message}</span>
          {decided.appliedCount > 0 && (
            <span className="td-block">
              {t("decided.actions_applied", { count: decided.appliedCount })}
            </span>
          )}
          {decided.sentRecorded && <span className="td-block">{t("decided.sent")}</span>}
        </InlineMessage>
      </div>
      {executions.length > 0 && (
        <ul className="td-executions" aria-live="polite">
          {executions.map((tracked) => (
            <li key={tracked.execution.id}>
              <ExecutionLine tracked={tracked} />
            </li>
          ))}
        </ul>
      )}
      {state.failures.length > 0 && (
        <div role="alert" className="td-notice">
          <InlineMessage type="error" open closable={false}>
            <strong className="td-block">{t("execution.failed.title")}</strong>
            {state.failures.map((failure) => (
              <span key={failure.id} className="td-block">
                {failure.id === "reply"
                  ? `${actionLabel("reply")}: ${failure.message}`
                  : t("execution.failed.item", {
                      action: actionLabel(failure.id),
                      message: failure.message,
                    })}
              </span>
            ))}
          </InlineMessage>
          {retryable && (
            <Button
              color="secondary"
              size="small"
              onFwClick={() => void controller.retryFailures()}
            >
              {t("button.retry_actions")}
            </Button>
          )}
        </div>
      )}
      {state.stale && (
        <InlineMessage type="warning" open closable={false}>
          {t("notice.stale.title")}
        </InlineMessage>
      )}
      <div className="td-row">
        <Button color="secondary" size="small" onFwClick={() => void controller.reload()}>
          {t("button.new_draft")}
        </Button>
      </div>
    </section>
  );
}
