import type { ReviewState } from "@tandem/sidebar";
import { Button } from "@zendeskgarden/react-buttons";
import { Skeleton } from "@zendeskgarden/react-loaders";
import { Alert } from "@zendeskgarden/react-notifications";
import { useT } from "./i18n-context";
import { Muted, Stack } from "./styles";

export function LoadingSkeleton() {
  const t = useT();
  return (
    <Stack role="status" aria-busy="true" aria-label={t("loading.label")} $gap="md">
      <Muted>{t("loading.text")}</Muted>
      <Stack $gap="xs">
        <Skeleton width="45%" />
        <Skeleton width="90%" />
      </Stack>
      <Stack $gap="xs">
        <Skeleton />
        <Skeleton />
        <Skeleton width="80%" />
        <Skeleton width="60%" />
      </Stack>
      <Stack $gap="xs">
        <Skeleton width="70%" />
        <Skeleton width="50%" />
      </Stack>
    </Stack>
  );
}

interface StateScreenProps {
  state: ReviewState;
  onRetry: () => void;
}

/** Full-screen states: each says what happened and what to do, never spins forever. */
export function StateScreen({ state, onRetry }: StateScreenProps) {
  const t = useT();
  const { phase, error } = state;
  const retry = (
    <Button onClick={onRetry} size="small">
      {t("button.retry")}
    </Button>
  );
  switch (phase) {
    case "not_configured":
      return (
        <Alert type="info" role="alert">
          <Alert.Title>{t("state.not_configured.title")}</Alert.Title>
          <Alert.Paragraph>{t("state.not_configured.body")}</Alert.Paragraph>
          {state.missingSettings.length > 0 && (
            <Alert.Paragraph>
              {t("state.not_configured.missing", { fields: state.missingSettings.join(", ") })}
            </Alert.Paragraph>
          )}
        </Alert>
      );
    case "unauthorized":
    case "unreachable":
    case "model_failed":
      // A known failure: what happened, what to do, and a retry.
      return (
        <Alert type={phase === "model_failed" ? "warning" : "error"} role="alert">
          <Alert.Title>{t(`state.${phase}.title` as const)}</Alert.Title>
          <Alert.Paragraph>{t(`state.${phase}.body` as const)}</Alert.Paragraph>
          <Stack>{retry}</Stack>
        </Alert>
      );
    default:
      return (
        <Alert type="error" role="alert">
          <Alert.Title>{t("state.error.title")}</Alert.Title>
          <Alert.Paragraph>
            {error?.code === "RATE_LIMITED" ? t("state.rate_limited") : error?.message}
          </Alert.Paragraph>
          {error?.requestId && (
            <Alert.Paragraph>
              <Muted>{t("state.error.reference", { requestId: error.requestId })}</Muted>
            </Alert.Paragraph>
          )}
          <Stack>{retry}</Stack>
        </Alert>
      );
  }
}
