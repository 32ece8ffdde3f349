import { type FwClient, freshworksApp } from "./freshworks";
import { createFreshdeskHost, type FreshdeskHostOptions } from "./host-client";
import { createTemplateTransport } from "./transport";

/** The Freshworks client as the platform hands it over; only host/ looks inside. */
export type FreshdeskSdk = FwClient;

/** Labels of the settings page, for the "not configured" screen. */
const requiredSettings: Record<string, string> = { tandem_host: "Tandem server host" };

/** Waits for the platform's `{{{appclient}}}` script to hand over its client. */
export function initializeFreshdesk(): Promise<FreshdeskSdk> {
  return freshworksApp().initialized();
}

/** Non-secure settings an admin left empty (the secure token cannot be checked from here). */
async function missingSettings(client: FreshdeskSdk): Promise<string[]> {
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

/** The ticket sidebar's view of Freshdesk: our adapters, never the platform client itself. */
export function connectTicketSidebar(client: FreshdeskSdk, options: FreshdeskHostOptions = {}) {
  return {
    host: createFreshdeskHost(client, options),
    /** Calls the Tandem server through the app's request templates. */
    transport: createTemplateTransport(client),
    missingSettings: () => missingSettings(client),
    /** Freshdesk fires `app.activated` when the agent opens the app and on every ticket change. */
    onActivated(handler: () => void) {
      client.events.on("app.activated", handler);
    },
  };
}

/** The full-page app's view of Freshdesk: the request templates and the notification banner. */
export function connectFullPage(client: FreshdeskSdk) {
  const host = createFreshdeskHost(client);
  return {
    transport: createTemplateTransport(client),
    notifyError: (message: string) => host.notify(message, "error"),
  };
}
