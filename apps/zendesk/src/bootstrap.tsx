import {
  type ColorScheme,
  createReviewController,
  createTandemApi,
  loadTranslator,
  type Translator,
} from "@tandem/sidebar";
import { Alert } from "@zendeskgarden/react-notifications";
import { lazy, type ReactNode, StrictMode, Suspense } from "react";
import type { Root } from "react-dom/client";
import { connectZendesk, type ZendeskSdk } from "./host/connect";
import { TranslatorProvider } from "./ui/i18n-context";
import { Sidebar } from "./ui/sidebar";
import { Page } from "./ui/styles";
import { AppTheme, useColorScheme } from "./ui/theme";

// The nav-bar page is loaded on demand so the sidebar bundle stays small.
const AnalyticsPage = lazy(() =>
  import("./ui/analytics-page").then((module) => ({ default: module.AnalyticsPage })),
);

function Shell(props: { t: Translator; scheme?: ColorScheme; children: ReactNode }) {
  const scheme = useColorScheme(props.scheme);
  return (
    <StrictMode>
      <TranslatorProvider value={props.t}>
        <AppTheme scheme={scheme}>{props.children}</AppTheme>
      </TranslatorProvider>
    </StrictMode>
  );
}

/**
 * Starts the app inside a ZAF iframe: reads the location, the agent's locale and the settings,
 * then renders the ticket sidebar or the nav-bar analytics page. Exported for tests.
 */
export async function bootstrap(root: Root, zaf: ZendeskSdk) {
  const connection = await connectZendesk(zaf);
  if (!connection) {
    const t = await loadTranslator(navigator.language);
    root.render(
      <Shell t={t}>
        <Page>
          <Alert type="info" role="alert">
            <Alert.Paragraph>{t("state.outside_host")}</Alert.Paragraph>
          </Alert>
        </Page>
      </Shell>,
    );
    return null;
  }

  const { host, user, scheme, settings, transport } = connection;
  // Zendesk wording where it differs ("click Submit" to save what the sidebar set in the form).
  const t = await loadTranslator(user?.locale ?? navigator.language, { vocabulary: "zendesk" });
  document.documentElement.lang = t.locale;

  if (connection.location === "nav_bar") {
    root.render(
      <Shell t={t} scheme={scheme}>
        <Suspense fallback={null}>
          <AnalyticsPage transport={transport} configured={settings.serverUrl !== null} />
        </Suspense>
      </Shell>,
    );
    return null;
  }

  const api = createTandemApi(transport);

  const controller = createReviewController({
    api,
    host,
    t,
    missingSettings: settings.serverUrl ? [] : [t("settings.server_url")],
  });
  root.render(
    <Shell t={t} scheme={scheme}>
      <Sidebar controller={controller} host={host} />
    </Shell>,
  );
  await controller.start();
  return controller;
}
