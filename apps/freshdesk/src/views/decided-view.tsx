import { decidedView, type ReviewState } from "@tandem/sidebar";
import { Badge, type BadgeColor } from "../ui/badge";
import { Button, InlineMessage } from "../ui/crayons";
import { useSidebar } from "./context";
import { ExecutionLine } from "./execution-line";

const resultColors: Record<string, BadgeColor> = {
  applied: "green",
  succeeded: "green",
  staged: "yellow",
  failed: "red",
  not_in_form: "red",
  pending: "blue",
  running: "blue",
};

/**
 * The decided state, after a decision here or when the ticket is opened again: who decided what
 * and when, the approved reply, what Freshdesk did with each action (a change only set in the
 * properties form is never called applied: the agent must click Update), "Insert again".
 */
export function DecidedView({ state }: { state: ReviewState }) {
  const { t, controller } = useSidebar();
  const view = decidedView(state, t);
  if (!view) return null;
  const { decided, draft, summary, rows, unlisted, reply, insertAgain } = view;
  return (
    <section
      className="td-screen"
      aria-label={summary.title}
      data-testid="decided-panel"
      data-decision={decided.kind}
    >
      <div role="status">
        <InlineMessage
          type={decided.kind === "rejected" ? "info" : "success"}
          open
          closable={false}
        >
          <strong className="td-block" data-testid="decided-title">
            {summary.title}
          </strong>
          {summary.body && <span className="td-block">{summary.body}</span>}
          {summary.applied && <span className="td-block">{summary.applied}</span>}
          {summary.sent && <span className="td-block">{summary.sent}</span>}
        </InlineMessage>
      </div>
      {summary.staged && (
        <div role="note" className="td-notice" data-testid="staged-notice">
          <InlineMessage type="warning" open closable={false}>
            <strong>{summary.staged}</strong>
          </InlineMessage>
        </div>
      )}
      {summary.notInForm && (
        // Reopened after a reload: what was only set in the properties is gone; never say otherwise.
        <div role="note" className="td-notice" data-testid="not-in-form-notice">
          <InlineMessage type="warning" open closable={false}>
            <strong>{summary.notInForm}</strong>
          </InlineMessage>
          <div className="td-row">
            <Button
              color="secondary"
              size="small"
              loading={decided.settingAgain}
              disabled={decided.settingAgain}
              data-testid="set-again"
              onFwClick={() => void controller.setAgain()}
            >
              {view.setAgainLabel}
            </Button>
          </div>
        </div>
      )}
      {reply !== null && (
        <section className="td-section" aria-labelledby="td-decided-reply">
          <h2 id="td-decided-reply" className="td-heading">
            {t("reply.label")}
          </h2>
          <p className="td-reply-read" lang={draft.reply.language} data-testid="decided-reply">
            {reply}
          </p>
          {insertAgain && (
            <div className="td-row">
              <Button
                color="secondary"
                size="small"
                loading={insertAgain.busy}
                disabled={insertAgain.disabled}
                data-testid="insert-again"
                onFwClick={() => void controller.insertAgain()}
              >
                {insertAgain.label}
              </Button>
            </div>
          )}
        </section>
      )}
      {rows.length > 0 && (
        <section className="td-section" aria-labelledby="td-decided-actions">
          <h2 id="td-decided-actions" className="td-heading">
            {t("actions.label")}
          </h2>
          <ul className="td-decided-actions" aria-live="polite" data-testid="decided-actions">
            {rows.map(({ row, tracked }) => (
              <li
                key={row.id}
                data-testid="decided-action"
                data-action-id={row.id}
                data-status={row.status ?? row.outcome}
              >
                {tracked ? (
                  <ExecutionLine tracked={tracked} />
                ) : (
                  <>
                    <span>
                      <span className="td-action-label">{row.label}</span>
                      {row.after && <span className="td-muted"> {row.after}</span>}
                    </span>
                    <Badge
                      value={row.statusText}
                      color={(row.status && resultColors[row.status]) || "grey"}
                    />
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {unlisted.length > 0 && (
        <ul className="td-executions" aria-live="polite">
          {unlisted.map((tracked) => (
            <li key={tracked.execution.id}>
              <ExecutionLine tracked={tracked} />
            </li>
          ))}
        </ul>
      )}
      {view.failures.length > 0 && (
        <div role="alert" className="td-notice">
          <InlineMessage type="error" open closable={false}>
            <strong className="td-block">{t("execution.failed.title")}</strong>
            {view.failures.map((failure) => (
              <span key={failure.id} className="td-block">
                {failure.id === "reply"
                  ? `${failure.label}: ${failure.message}`
                  : t("execution.failed.item", { action: failure.label, message: failure.message })}
              </span>
            ))}
          </InlineMessage>
          {view.retryable && (
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
      {/* Only a newer customer message warrants a new draft: the decided one stays decided. */}
      {state.stale && (
        <>
          <InlineMessage type="warning" open closable={false}>
            {t("notice.stale.title")}
          </InlineMessage>
          <div className="td-row">
            <Button color="secondary" size="small" onFwClick={() => void controller.reload()}>
              {t("button.new_draft")}
            </Button>
          </div>
        </>
      )}
    </section>
  );
}
