import { type DashboardTheme, mountDashboard } from "@tandem/dashboard";
import { createFetchJson, type Transport } from "@tandem/sidebar";
import { Alert } from "@zendeskgarden/react-notifications";
import { getColor, type IGardenTheme } from "@zendeskgarden/react-theming";
import { useEffect, useMemo, useRef } from "react";
import { useTheme } from "styled-components";
import { useT } from "./i18n-context";
import { Page } from "./styles";

/** The shared dashboard's tokens taken from the Garden theme in use, so dark mode follows too. */
export function gardenDashboardTheme(theme: IGardenTheme): DashboardTheme {
  const color = (variable: string) => getColor({ theme, variable });
  return {
    "--tandem-bg": color("background.subtle"),
    "--tandem-surface": color("background.default"),
    "--tandem-fg": color("foreground.default"),
    "--tandem-muted": color("foreground.subtle"),
    "--tandem-border": color("border.default"),
    "--tandem-accent": color("foreground.primary"),
    "--tandem-good": color("foreground.success"),
    "--tandem-warn": color("foreground.warning"),
    "--tandem-bad": color("foreground.danger"),
    "--tandem-font": theme.fonts.system,
    "--tandem-radius": theme.borderRadii.md,
  };
}

/**
 * Nav-bar page: the shared approval-analytics dashboard, scoped to this Zendesk installation
 * and skinned with Garden's colours.
 */
export function AnalyticsPage({
  transport,
  configured,
}: {
  transport: Transport;
  configured: boolean;
}) {
  const t = useT();
  const theme = useTheme() as IGardenTheme;
  const container = useRef<HTMLDivElement>(null);
  const dashboardTheme = useMemo(() => gardenDashboardTheme(theme), [theme]);

  useEffect(() => {
    const element = container.current;
    if (!element || !configured) return;
    const dashboard = mountDashboard(element, {
      fetchJson: createFetchJson(transport),
      initial: { platform: "zendesk" },
      platformFilter: false,
      theme: dashboardTheme,
      title: t("analytics.title"),
    });
    return () => dashboard.destroy();
  }, [transport, configured, dashboardTheme, t]);

  return (
    <Page aria-label={t("analytics.title")}>
      {configured ? (
        <div ref={container} />
      ) : (
        <Alert type="info" role="alert">
          <Alert.Title>{t("state.not_configured.title")}</Alert.Title>
          <Alert.Paragraph>{t("state.not_configured.body")}</Alert.Paragraph>
        </Alert>
      )}
    </Page>
  );
}
