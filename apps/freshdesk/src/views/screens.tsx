import type { MessageKey, ReviewState } from "@tandem/sidebar";
import { Button, InlineMessage, Skeleton } from "../ui/crayons";
import { useSidebar } from "./context";

/** Placeholder shapes of the draft while it is being written; never an endless spinner. */
export function LoadingScreen() {
  const { t } = useSidebar();
  return (
    <section
      className="td-screen"
      role="status"
      aria-live="polite"
      aria-busy="true"
      aria-label={t("loading.label")}
    >
      <p className="td-muted">{t("loading.text")}</p>
      <Skeleton variant="text" count={2} width="70%" marginBottom="8px" />
      <Skeleton variant="rect" height="120px" marginBottom="12px" />
      <Skeleton variant="text" count={3} marginBottom="8px" />
      <Skeleton variant="rect" height="32px" width="60%" />
    </section>
  );
}

interface StateScreenProps {
  title: MessageKey;
  body: MessageKey;
  type: "warning" | "error";
  extra?: string[];
  retry?: boolean;
}

function StateScreen({ title, body, type, extra = [], retry = true }: StateScreenProps) {
  const { t, controller } = useSidebar();
  return (
    <section className="td-screen" role="alert" aria-label={t(title)}>
      <InlineMessage type={type} open closable={false}>
        <strong className="td-block">{t(title)}</strong>
        <span className="td-block">{t(body)}</span>
        {extra.map((line) => (
          <span key={line} className="td-block td-muted">
            {line}
          </span>
        ))}
      </InlineMessage>
      {retry && (
        <div className="td-row">
          <Button color="secondary" size="small" onFwClick={() => void controller.reload()}>
            {t("button.retry")}
          </Button>
        </div>
      )}
    </section>
  );
}

/** The latest public message is the agent's: nothing to answer until the customer writes. */
export function NoReplyNeeded() {
  const { t } = useSidebar();
  return (
    <section
      className="td-screen"
      role="status"
      aria-label={t("state.no_reply_needed.title")}
      data-testid="no-reply-needed"
    >
      <InlineMessage type="info" open closable={false}>
        <strong className="td-block">{t("state.no_reply_needed.title")}</strong>
        <span className="td-block">{t("state.no_reply_needed.body")}</span>
      </InlineMessage>
    </section>
  );
}

/** Full-screen states: not configured, unauthorized, unreachable, model failure, other errors. */
export function ErrorScreen({ state }: { state: ReviewState }) {
  const { t } = useSidebar();
  const reference = state.error?.requestId
    ? [t("state.error.reference", { requestId: state.error.requestId })]
    : [];
  switch (state.phase) {
    case "not_configured":
      return (
        <StateScreen
          title="state.not_configured.title"
          body="state.not_configured.body"
          type="warning"
          retry={false}
          extra={
            state.missingSettings.length > 0
              ? [t("state.not_configured.missing", { fields: state.missingSettings.join(", ") })]
              : []
          }
        />
      );
    case "unauthorized":
      return (
        <StateScreen
          title="state.unauthorized.title"
          body="state.unauthorized.body"
          type="error"
          extra={reference}
        />
      );
    case "unreachable":
      return (
        <StateScreen title="state.unreachable.title" body="state.unreachable.body" type="error" />
      );
    case "model_failed":
      return (
        <StateScreen
          title="state.model_failed.title"
          body="state.model_failed.body"
          type="error"
          extra={reference}
        />
      );
    default: {
      const rateLimited = state.error?.code === "RATE_LIMITED";
      return (
        <section className="td-screen" role="alert" aria-label={t("state.error.title")}>
          <InlineMessage type="error" open closable={false}>
            <strong className="td-block">{t("state.error.title")}</strong>
            <span className="td-block">
              {rateLimited ? t("state.rate_limited") : (state.error?.message ?? "")}
            </span>
            {reference.map((line) => (
              <span key={line} className="td-block td-muted">
                {line}
              </span>
            ))}
          </InlineMessage>
          <RetryRow />
        </section>
      );
    }
  }
}

function RetryRow() {
  const { t, controller } = useSidebar();
  return (
    <div className="td-row">
      <Button color="secondary" size="small" onFwClick={() => void controller.reload()}>
        {t("button.retry")}
      </Button>
    </div>
  );
}
