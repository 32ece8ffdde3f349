import type { AnalyticsSummary, Metrics } from "@tandem/shared";
import { isTandemApiError, type TandemApi } from "@tandem/shared/sidebar";
import { Button } from "@zendeskgarden/react-buttons";
import { Field, Select } from "@zendeskgarden/react-forms";
import { Skeleton } from "@zendeskgarden/react-loaders";
import { Alert, Well } from "@zendeskgarden/react-notifications";
import type { IGardenTheme } from "@zendeskgarden/react-theming";
import { useCallback, useEffect, useState } from "react";
import styled from "styled-components";
import { useT } from "./i18n-context";
import { Muted, Page, Row, Stack } from "./styles";

const Tiles = styled.div`
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(160px, 1fr));
  gap: ${({ theme }) => (theme as IGardenTheme).space.sm};
`;

const Figure = styled.div`
  font-size: ${({ theme }) => (theme as IGardenTheme).fontSizes.xxl};
  font-weight: ${({ theme }) => (theme as IGardenTheme).fontWeights.semibold};
  font-variant-numeric: tabular-nums;
`;

const PERIODS = [7, 30, 90] as const;

function daysAgo(days: number): string {
  const date = new Date(Date.now() - days * 86_400_000);
  return date.toISOString().slice(0, 10);
}

type Load =
  | { status: "loading" }
  | { status: "ready"; summary: AnalyticsSummary }
  | { status: "failed"; message: string; code: string };

/** Nav-bar page: the approval analytics of this Zendesk installation. */
export function AnalyticsPage({ api }: { api: TandemApi }) {
  const t = useT();
  const [days, setDays] = useState<(typeof PERIODS)[number]>(30);
  const [load, setLoad] = useState<Load>({ status: "loading" });

  const fetchSummary = useCallback(async () => {
    setLoad({ status: "loading" });
    try {
      const summary = await api.analyticsSummary({ from: daysAgo(days), platform: "zendesk" });
      setLoad({ status: "ready", summary });
    } catch (error) {
      setLoad({
        status: "failed",
        code: isTandemApiError(error) ? error.code : "INTERNAL",
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }, [api, days]);

  useEffect(() => {
    void fetchSummary();
  }, [fetchSummary]);

  return (
    <Page aria-label={t("analytics.title")}>
      <Row style={{ justifyContent: "space-between" }}>
        <h1 style={{ margin: 0 }}>{t("analytics.title")}</h1>
        <Field>
          <Field.Label hidden>Period</Field.Label>
          <Select
            isCompact
            value={days}
            onChange={(event) => setDays(Number(event.target.value) as (typeof PERIODS)[number])}
          >
            {PERIODS.map((period) => (
              <option key={period} value={period}>
                {new Intl.RelativeTimeFormat(t.locale, { numeric: "always" }).format(
                  -period,
                  "day",
                )}
              </option>
            ))}
          </Select>
        </Field>
      </Row>
      {load.status === "loading" && (
        <Stack role="status" aria-label={t("analytics.loading")}>
          <Skeleton height="48px" />
          <Skeleton height="48px" />
        </Stack>
      )}
      {load.status === "failed" && (
        <Alert type="error" role="alert">
          <Alert.Title>
            {load.code === "UNREACHABLE"
              ? t("state.unreachable.title")
              : load.code === "UNAUTHORIZED" || load.code === "FORBIDDEN"
                ? t("state.unauthorized.title")
                : load.code === "NOT_CONFIGURED"
                  ? t("state.not_configured.title")
                  : t("state.error.title")}
          </Alert.Title>
          <Alert.Paragraph>{load.message}</Alert.Paragraph>
          <Stack>
            <Button size="small" onClick={() => void fetchSummary()}>
              {t("button.retry")}
            </Button>
          </Stack>
        </Alert>
      )}
      {load.status === "ready" && (
        <SummaryTiles metrics={load.summary.totals} summary={load.summary} />
      )}
    </Page>
  );
}

function SummaryTiles({ metrics, summary }: { metrics: Metrics; summary: AnalyticsSummary }) {
  const t = useT();
  const percent = (value: number | null) =>
    value === null ? "—" : t.number(value, { style: "percent", maximumFractionDigits: 0 });
  const tiles = [
    { label: "Drafts", value: t.number(metrics.drafts) },
    { label: "Decided", value: t.number(metrics.decided) },
    { label: "Acceptance rate", value: percent(metrics.acceptanceRate) },
    { label: "Edit rate", value: percent(metrics.editRate) },
    {
      label: "Median edit distance",
      value:
        metrics.medianEditDistance === null
          ? "—"
          : t.number(metrics.medianEditDistance, { maximumFractionDigits: 2 }),
    },
    { label: "Rejected", value: t.number(metrics.rejected) },
    {
      label: "Actions approved",
      value: `${t.number(metrics.actions.approved)} / ${t.number(metrics.actions.proposed)}`,
    },
    { label: "Offline drafts", value: percent(metrics.offlineShare) },
  ];
  return (
    <Stack $gap="md">
      <Tiles>
        {tiles.map((tile) => (
          <Well key={tile.label} role="group" aria-label={tile.label}>
            <Muted>{tile.label}</Muted>
            <Figure>{tile.value}</Figure>
          </Well>
        ))}
      </Tiles>
      <Muted>
        ≈ {t.number(Math.round(summary.estimatedTimeSaved.minutes))} min —{" "}
        {summary.estimatedTimeSaved.assumption}
      </Muted>
    </Stack>
  );
}
