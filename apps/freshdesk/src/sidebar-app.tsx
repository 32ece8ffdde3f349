import {
  createReviewController,
  createTandemApi,
  createTranslator,
  type ReviewController,
} from "@tandem/sidebar";
import { createRoot } from "react-dom/client";
import type { FwClient } from "./host/freshworks";
import { createFreshdeskHost } from "./host/host-client";
import { createTemplateTransport } from "./host/transport";
import { Sidebar } from "./views/sidebar";

/**
 * Request templates share 50 calls per minute per app and account across all agents, so approval
 * requests are polled once a minute here (only while the app is open), not every 15 s.
 */
const APPROVAL_POLL_MS = 60_000;

/** Labels of the settings page, for the "not configured" screen. */
const requiredSettings: Record<string, string> = { tandem_host: "Tandem server host" };

/** Non-secure settings an admin left empty (the secure token cannot be checked from here). */
export async function missingSettings(client: FwClient): Promise<string[]> {
  try {
    const iparams = await client.iparams.get();
    return Object.entries(requiredSettings)
      .filter(([key]) => {
        const value = iparams[key];
        return typeof value !== "string" || value.trim() === "";
      })
      .map(([, label]) => label);
  } catch {
    return [];
  }
}

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
  client: FwClient,
  container: HTMLElement,
  options: SidebarAppOptions = {},
) {
  const root = createRoot(container);
  let t = createTranslator(options.fallbackLocale, { vocabulary: "freshdesk" });
  let current: ReviewController | null = null;
  let activation = 0;
  const host = createFreshdeskHost(client, {
    ...(options.sentReadDelayMs !== undefined ? { sentReadDelayMs: options.sentReadDelayMs } : {}),
  });
  const api = createTandemApi(createTemplateTransport(client));

  async function activate() {
    const seq = ++activation;
    current?.dispose();
    current = null;
    const [user, missing] = await Promise.all([
      host.getCurrentUser().catch(() => null),
      missingSettings(client),
    ]);
    if (seq !== activation) return;
    t = createTranslator(user?.locale ?? options.fallbackLocale, { vocabulary: "freshdesk" });
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

  client.events.on("app.activated", () => {
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
