import { createReviewController, createTranslator } from "@tandem/sidebar";
import { createFakeApi, createFakeHost, createManualTimers } from "@tandem/sidebar/testing";
import { render } from "@testing-library/react";
import { TranslatorProvider } from "../src/ui/i18n-context";
import { Sidebar } from "../src/ui/sidebar";
import { AppTheme } from "../src/ui/theme";

/** Renders the sidebar over the shared fake host and fake API, as the app wires it. */
export function renderSidebar(
  options: {
    api?: ReturnType<typeof createFakeApi>;
    host?: ReturnType<typeof createFakeHost>;
    locale?: string;
    missingSettings?: string[];
    scheme?: "light" | "dark";
  } = {},
) {
  // Polling runs on manual timers: tests move the clock, nothing waits for real.
  const timers = createManualTimers();
  const api = options.api ?? createFakeApi();
  const host = options.host ?? createFakeHost();
  // As bootstrap.tsx: Zendesk's words where they differ ("click Submit").
  const t = createTranslator(options.locale ?? "en", { vocabulary: "zendesk" });
  let keys = 0;
  const controller = createReviewController({
    api,
    host,
    t,
    missingSettings: options.missingSettings ?? [],
    newKey: () => `test-key-${++keys}`,
    timers,
  });
  const view = render(
    <TranslatorProvider value={t}>
      <AppTheme scheme={options.scheme ?? "light"}>
        <Sidebar controller={controller} host={host} />
      </AppTheme>
    </TranslatorProvider>,
  );
  const started = controller.start();
  return { api, host, controller, view, started, timers };
}
