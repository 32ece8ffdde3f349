import {
  createReviewController,
  createTandemApi,
  createTranslator,
  loadTranslator,
  type ReviewController,
} from "@tandem/sidebar";
import { createRoot } from "react-dom/client";
import { connectTicketSidebar, type FreshdeskSdk } from "./host/connect";
import { Sidebar } from "./views/sidebar";

/**
 * Request templates share 50 calls per minute per app and account across all agents, so approval
 * requests are polled once a minute here (only while the app is open), not every 15 s.
 */
const APPROVAL_POLL_MS = 60_000;

export interface SidebarAppOptions {
  /** Browser locale used until the agent's own language is known. */
  fallbackLocale?: string;
  sentReadDelayMs?: number;
}

/**
 * Mounts the ticket sidebar and runs one review per activation: Freshdesk fires `app.activated`
 * when the agent opens the app and again on every ticket navigation.
 */
export function startTicketSidebar(
  client: FreshdeskSdk,
  container: HTMLElement,
  options: SidebarAppOptions = {},
) {
  const root = createRoot(container);
  let t = createTranslator(options.fallbackLocale, { vocabulary: "freshdesk" });
  let current: ReviewController | null = null;
  let activation = 0;
  const freshdesk = connectTicketSidebar(client, {
    ...(options.sentReadDelayMs !== undefined ? { sentReadDelayMs: options.sentReadDelayMs } : {}),
  });
  const { host } = freshdesk;
  const api = createTandemApi(freshdesk.transport);

  async function activate() {
    const seq = ++activation;
    current?.dispose();
    current = null;
    const [user, missing] = await Promise.all([
      host.getCurrentUser().catch(() => null),
      freshdesk.missingSettings(),
    ]);
    const translator = await loadTranslator(user?.locale ?? options.fallbackLocale, {
      vocabulary: "freshdesk",
    });
    if (seq !== activation) return;
    t = translator;
    const controller = createReviewController({
      api,
      host,
      t,
      missingSettings: missing,
      approvalPollMs: APPROVAL_POLL_MS,
    });
    current = controller;
    root.render(<Sidebar key={seq} controller={controller} host={host} t={t} />);
    await controller.start();
  }

  freshdesk.onActivated(() => {
    activate().catch(() => host.notify(t("state.error.title"), "error"));
  });
  return {
    activate,
    unmount() {
      current?.dispose();
      root.unmount();
    },
  };
}
