import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Hono } from "hono";
import { bundleBrowserScript } from "../../lib/browser-bundle";
import { fileResponse, readStatic } from "../../lib/static-files";
import { hostPageRoutes } from "../shared/host-page";
import { OfflineGuard } from "../shared/offline-guard";
import type { TicketStore } from "../shared/ticket-store";
import { createFreshdeskApi } from "./freshdesk-api";
import { FD_TYPES, fdContact, fdLoggedInUser, fdTicket } from "./freshdesk-shapes";
import { type IparamDefinition, invokeTemplate, type RequestTemplate } from "./request-templates";

export interface FreshdeskManifest {
  "platform-version"?: string;
  modules?: {
    common?: { requests?: Record<string, unknown>; location?: Record<string, { url: string }> };
    support_ticket?: { location?: Record<string, { url: string; icon?: string }> };
  };
}

export interface FreshdeskSimulatorOptions {
  /** The built app: manifest.json, app/, config/. */
  appDir: string;
  store: TicketStore;
  /** Installation parameter values by key; secure ones stay on the server. */
  iparams: Record<string, unknown>;
  /** The account domain, e.g. `acme.freshdesk.com`. */
  domain: string;
  /** The Freshdesk API key the account's REST API accepts (null: no auth check). */
  freshdeskApiKey?: string | null;
  /** Public URL of the host origin and the path prefix of host pages. */
  hostUrl: string;
  basePath?: string;
  assetsUrl: string;
  assetsPath?: string;
  /** Extra hosts a template may name, mapped to local base URLs. */
  hostMap?: Record<string, string>;
  links?: Array<{ label: string; href: string }>;
  guard?: OfflineGuard;
}

const here = import.meta.dirname;
const APPCLIENT = /\{\{\{\s*appclient\s*\}\}\}/g;

async function readJson<T>(path: string, fallback: T): Promise<T> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as T;
  } catch {
    return fallback;
  }
}

export const readFreshdeskManifest = (appDir: string) =>
  readJson<FreshdeskManifest>(join(appDir, "manifest.json"), {});

/**
 * Simulated Freshdesk ticket page with our implementation of the Freshworks client served for
 * `{{{appclient}}}`, request templates rendered from the app's config/requests.json with its
 * iparams, and the account's REST API.
 */
export function createFreshdeskSimulator(options: FreshdeskSimulatorOptions) {
  const base = options.basePath ?? "";
  const assetsPath = options.assetsPath ?? "";
  const guard = options.guard ?? new OfflineGuard();
  const { store, appDir } = options;
  const api = createFreshdeskApi(store, options.freshdeskApiKey ?? null);
  const instanceId = randomUUID();

  const iparamDefinitions = () =>
    readJson<Record<string, IparamDefinition>>(join(appDir, "config/iparams.json"), {});

  const host = hostPageRoutes({
    store,
    basePath: base,
    platform: "freshdesk",
    hostScript: join(here, "browser/freshdesk-host.ts"),
    links: options.links ?? [],
    ticketPage: async (_c, id, ticket) => {
      const manifest = await readFreshdeskManifest(appDir);
      const sidebar = manifest.modules?.support_ticket?.location?.ticket_sidebar;
      if (!sidebar) return { notFound: "The app has no ticket_sidebar location" };
      const definitions = await iparamDefinitions();
      const publicIparams = Object.fromEntries(
        Object.entries(options.iparams).filter(([k]) => !definitions[k]?.secure),
      );
      const appUrl = `${options.assetsUrl}${assetsPath}/app/${sidebar.url.replace(/^\.?\//, "")}`;
      return {
        title: `#${id} ${ticket.subject} : Freshdesk (simulated)`,
        config: {
          appSrc: appUrl,
          appOrigin: new URL(appUrl).origin,
          appName: "Tandem",
          instanceId,
          iparams: publicIparams,
          domain: options.domain,
          types: FD_TYPES,
        },
      };
    },
  });

  /** Data objects the client's DataAPI serves, built from the stored ticket. */
  host.get("/_sim/data/:id", (c) => {
    const ticket = store.get(Number(c.req.param("id")));
    if (!ticket) return c.json({ error: "not found" }, 404);
    return c.json({
      ticket: fdTicket(ticket),
      requester: fdContact(ticket),
      contact: fdContact(ticket),
      loggedInUser: fdLoggedInUser(store.directory),
    });
  });

  /** The platform's request proxy for `client.request.invokeTemplate`. */
  host.post("/_sim/invoke-template", async (c) => {
    const body = (await c.req.json().catch(() => null)) as {
      name?: unknown;
      args?: unknown;
    } | null;
    if (!body || typeof body.name !== "string") return c.json({ error: "invalid body" }, 400);
    const manifest = await readFreshdeskManifest(appDir);
    const templates = await readJson<Record<string, RequestTemplate>>(
      join(appDir, "config/requests.json"),
      {},
    );
    const result = await invokeTemplate(body.name, (body.args ?? {}) as Record<string, unknown>, {
      templates,
      declared: new Set(Object.keys(manifest.modules?.common?.requests ?? {})),
      iparams: options.iparams,
      iparamDefinitions: await iparamDefinitions(),
      hostMap: {
        [options.domain.toLowerCase()]: `${options.hostUrl}${base}/_fd`,
        ...options.hostMap,
      },
      guard,
    });
    return c.json(result);
  });

  host.all("/_fd/api/v2/*", (c) => api(c.req.raw));

  const assets = new Hono();
  assets.get("/_sim/fresh-client.js", async () => {
    const script = await bundleBrowserScript(join(here, "browser/fresh-client.ts"));
    return new Response(script, { headers: { "content-type": "text/javascript; charset=utf-8" } });
  });
  assets.get("/*", async (c) => {
    const relative = c.req.path.slice(assetsPath.length).replace(/^\/+/, "");
    const file = await readStatic(appDir, relative);
    if (!file) return c.text("Not found", 404);
    if (file.path.endsWith(".html")) {
      // What the FDK does at serve time: point {{{appclient}}} at the platform's client script.
      const html = file.body
        .toString("utf8")
        .replace(APPCLIENT, `${assetsPath}/_sim/fresh-client.js`);
      return fileResponse(file, html);
    }
    return fileResponse(file);
  });

  return { host, assets, guard, instanceId };
}
