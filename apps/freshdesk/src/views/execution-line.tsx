import type { ExecutionStatus } from "@tandem/shared";
import type { TrackedExecution } from "@tandem/sidebar";
import { Badge } from "../ui/badge";
import { Button } from "../ui/crayons";
import { useSidebar } from "./context";

const statusColors: Record<ExecutionStatus, "grey" | "blue" | "green" | "red"> = {
  pending: "grey",
  running: "blue",
  succeeded: "green",
  failed: "red",
};

/** A business action the server runs, with its live state and Retry once it failed. */
export function ExecutionLine({ tracked }: { tracked: TrackedExecution }) {
  const { t, controller } = useSidebar();
  const { execution, label } = tracked;
  const status = t(`execution.${execution.status}`);
  const failed = execution.status === "failed";
  return (
    <div className="td-execution">
      <div className="td-execution-line">
        <span className="td-sr-only">{t("execution.status", { action: label, status })}</span>
        <span aria-hidden="true">{label}</span>{" "}
        <span aria-hidden="true">
          <Badge value={status} color={statusColors[execution.status]} />
        </span>
        {failed && (
          <Button
            color="secondary"
            size="small"
            loading={tracked.retrying}
            disabled={tracked.retrying}
            aria-label={t("execution.retry_label", { action: label })}
            onFwClick={() => void controller.retryExecution(execution.id)}
          >
            {tracked.retrying ? t("execution.retrying") : t("execution.retry")}
          </Button>
        )}
      </div>
      {failed && execution.lastError && <p className="td-muted td-small">{execution.lastError}</p>}
      {tracked.error && (
        <p role="alert" className="td-small td-error-text">
          {t("execution.retry_failed", { message: tracked.error })}
        </p>
      )}
    </div>
  );
}
