import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Hono } from "hono";
import { ZAF_SDK_CDN_URL, zafSdkScript } from "../../lib/browser-bundle";
import { fileResponse, readStatic } from "../../lib/static-files";
import { hostPageRoutes } from "../shared/host-page";
import { OfflineGuard } from "../shared/offline-guard";
import type { TicketStore } from "../shared/ticket-store";
import { expandWhitelist, proxyZafRequest, type ZafRequestOptions } from "./zaf-proxy";
import { createZendeskApi } from "./zendesk-api";

export interface ZendeskManifest {
  name?: string;
  version?: string;
  location?: { support?: Record<string, string | { url: string }> };
  parameters?: Array<{
    name: string;
    type?: string;
    secure?: boolean;
    scopes?: string[];
    default?: unknown;
  }>;
  domainWhitelist?: string[];
}

export interface ZendeskSimulatorOptions {
  /** The built app: manifest.json, assets/, translations/. */
  appDir: string;
  store: TicketStore;
  /** Installation settings by parameter name; secure ones stay on the server. */
  settings: Record<string, string | number | boolean>;
  subdomain: string;
  /** Path prefix of the host pages ("" or e.g. "/zendesk" in the playground). */
  basePath?: string;
  /** Public URL of the app-assets origin (a different origin, as in Zendesk). */
  assetsUrl: string;
  /** Path prefix of the app assets on that origin. */
  assetsPath?: string;
  /**
   * Rewrite the CDN SDK URL in served app pages to a local copy (playground in any browser);
   * tests keep the page untouched and answer the CDN URL with `page.route` instead.
   */
  rewriteSdkUrl?: boolean;
  /** Links shown in the simulator's top bar (playground home, dashboard). */
  links?: Array<{ label: string; href: string }>;
  guard?: OfflineGuard;
}

export const ZENDESK_APP_ID = 1001;
export const ZENDESK_INSTALLATION_ID = 2002;
const here = import.meta.dirname;

export async function readZendeskManifest(appDir: string): Promise<ZendeskManifest> {
  return JSON.parse(await readFile(join(appDir, "manifest.json"), "utf8")) as ZendeskManifest;
}

function locationUrl(manifest: ZendeskManifest, location: string): string | null {
  const entry = manifest.location?.support?.[location];
  if (!entry) return null;
  return typeof entry === "string" ? entry : entry.url;
}

/**
 * Simulated Zendesk agent workspace: the ticket page (host side of the ZAF protocol runs in the
 * browser) plus the server side Zendesk provides — the request proxy, the account API and live
 * ticket updates. `assets` serves the app package on its own origin.
 */
export function createZendeskSimulator(options: ZendeskSimulatorOptions) {
  const base = options.basePath ?? "";
  const assetsPath = options.assetsPath ?? "";
  const guard = options.guard ?? new OfflineGuard();
  const { store, appDir, settings } = options;
  const zendeskApi = createZendeskApi(store);
  const appGuid = randomUUID();

  const secureNames = async () => {
    const manifest = await readZendeskManifest(options.appDir);
    return new Set((manifest.parameters ?? []).filter((p) => p.secure).map((p) => p.name));
  };

  const host = hostPageRoutes({
    store,
    basePath: base,
    platform: "zendesk",
    hostScript: join(here, "browser/zendesk-host.ts"),
    links: options.links ?? [],
    ticketPage: async (c, id, ticket) => {
      const manifest = await readZendeskManifest(options.appDir);
      const location = c.req.query("location") === "nav_bar" ? "nav_bar" : "ticket_sidebar";
      const relative = locationUrl(manifest, location);
      if (!relative) return { notFound: `The app has no ${location} location` };
      const hostOrigin = new URL(c.req.url).origin;
      const appUrl = new URL(`${options.assetsUrl}${assetsPath}/${relative}`);
      appUrl.searchParams.set("origin", hostOrigin);
      appUrl.searchParams.set("app_guid", appGuid);
      const secure = await secureNames();
      const publicSettings = Object.fromEntries(
        Object.entries(options.settings).filter(([name]) => !secure.has(name)),
      );
      return {
        title: `#${id} ${ticket.subject} – Zendesk (simulated)`,
        config: {
          appSrc: appUrl.toString(),
          appOrigin: appUrl.origin,
          appGuid,
          appName: manifest.name ?? "App",
          location,
          metadata: {
            appId: ZENDESK_APP_ID,
            installationId: ZENDESK_INSTALLATION_ID,
            name: manifest.name ?? "App",
            version: manifest.version ?? "1.0.0",
            settings: { title: manifest.name ?? "App", ...publicSettings },
          },
          context: {
            product: "support",
            location,
            instanceGuid: appGuid,
            ...(location === "ticket_sidebar" ? { ticketId: id } : {}),
            account: { subdomain: options.subdomain },
          },
          account: {
            subdomain: options.subdomain,
            planName: "Suite Professional",
            timeZone: "Europe/Madrid",
          },
        },
      };
    },
  });

  /** Zendesk's request proxy: the host page hands over `client.request()` options. */
  host.post("/_sim/proxy", async (c) => {
    const request = (await c.req.json().catch(() => null)) as ZafRequestOptions | null;
    if (!request || typeof request !== "object") return c.json({ error: "invalid body" }, 400);
    const manifest = await readZendeskManifest(appDir);
    const outcome = await proxyZafRequest(request, {
      settings,
      domainWhitelist: expandWhitelist(manifest.domainWhitelist ?? [], settings),
      zendeskApi,
      guard,
    });
    return c.json(outcome);
  });

  const assets = new Hono();
  assets.get("/_sim/zaf_sdk.min.js", async () => {
    return new Response(await zafSdkScript(), {
      headers: {
        "content-type": "text/javascript; charset=utf-8",
        "cache-control": "max-age=3600",
      },
    });
  });
  assets.get("/*", async (c) => {
    const relative = c.req.path.slice(assetsPath.length).replace(/^\/+/, "");
    const file = await readStatic(options.appDir, relative);
    if (!file) return c.text("Not found", 404);
    if (options.rewriteSdkUrl && file.path.endsWith(".html")) {
      const html = file.body
        .toString("utf8")
        .replaceAll(ZAF_SDK_CDN_URL, `${assetsPath}/_sim/zaf_sdk.min.js`);
      return fileResponse(file, html);
    }
    return fileResponse(file);
  });

  return { host, assets, guard, appGuid, secureNames };
}
