import type { ColorScheme, HostUser, Transport } from "@tandem/sidebar";
import { type AppSettings, readSettings } from "./settings";
import { createZafTransport } from "./transport";
import type { ZafGlobal } from "./zaf-types";
import { createZendeskHost, type ZendeskHost } from "./zendesk-host";

/** The ZAF SDK's global as the page has it; only host/ looks inside. */
export type ZendeskSdk = ZafGlobal | undefined;

/** The app's view of Zendesk once connected: our adapters, never the ZAF client itself. */
export interface ZendeskConnection {
  /** The ZAF location this iframe runs in (`ticket_sidebar`, `nav_bar`). */
  location: string;
  host: ZendeskHost;
  /** The signed-in agent, or null when Zendesk did not say. */
  user: HostUser | null;
  scheme: ColorScheme | undefined;
  settings: AppSettings;
  /** Calls the Tandem server through Zendesk's secure proxy. */
  transport: Transport;
}

/**
 * Starts the ZAF client and reads what the app needs before its first render (location, agent,
 * colour scheme, settings). Null when the page runs outside Zendesk.
 */
export async function connectZendesk(zaf: ZendeskSdk): Promise<ZendeskConnection | null> {
  const client = zaf?.init();
  if (!client) return null;
  const host = createZendeskHost(client);
  const [context, metadata, user, scheme] = await Promise.all([
    client.context(),
    client.metadata().catch(() => null),
    host.getCurrentUser().catch((): HostUser | null => null),
    host.loadColorScheme(),
  ]);
  const settings = readSettings(metadata);
  let agent: Promise<HostUser> | null = user ? Promise.resolve(user) : null;
  const agentClaims = () => {
    agent ??= host.getCurrentUser();
    return agent;
  };
  const transport = createZafTransport(client, settings, agentClaims);
  return { location: context.location, host, user, scheme, settings, transport };
}
