import { randomBytes } from "node:crypto";
import { createServer as createNetServer } from "node:net";
import { join } from "node:path";
import { configFromEnv } from "@tandem/server/config";
import { sha256 } from "@tandem/server/crypto";
import { parseEnv } from "@tandem/server/env";
import { type RunningServer, startServer } from "@tandem/server/server";
import { Hono } from "hono";
import { appBuilt } from "../lib/build-apps";
import { type Listening, listen } from "../lib/http";
import { appDist, repoRoot } from "../lib/paths";
import { createFreshdeskSimulator } from "../simulators/freshdesk/freshdesk-simulator";
import { OfflineGuard } from "../simulators/shared/offline-guard";
import { sampleDirectory, ticketFrom } from "../simulators/shared/sample-data";
import { TicketStore } from "../simulators/shared/ticket-store";
import { createZendeskSimulator } from "../simulators/zendesk/zendesk-simulator";
import { BookingSystem } from "./booking-system";
import { DEMO_SUBDOMAIN, DEMO_TICKETS } from "./demo-data";
import { landingPageHtml } from "./landing-page";
import { scriptedModelRoutes } from "./scripted-model";
import { type PlaygroundState, type SeededInstallation, saveState, seedPlayground } from "./seed";
import { type SwitchableProxy, startSwitchableProxy } from "./switchable-proxy";
import { createTravelDemo } from "./travel-demo";

type Platform = "zendesk" | "freshdesk";

export interface PlaygroundOptions {
  /** Environment the server config is read from (PORT, DATABASE_URL, OPENAI_API_KEY …). */
  env?: Record<string, string | undefined>;
  /** PGlite data and playground.json; default `<repo>/.tandem` (or DATA_DIR). */
  dataDir?: string;
  /** Tandem server port (default PORT or 8787; 0 = any free port). */
  serverPort?: number;
  /** Playground port (default PLAYGROUND_PORT or server port + 1; 0 = any free port). */
  playgroundPort?: number;
  /** Put a switchable proxy between the sidebars and the server (fault tests). */
  proxy?: boolean;
  /** Serve app pages with the ZAF SDK URL rewritten to a local copy (any browser, offline). */
  rewriteSdkUrl?: boolean;
  /** How long the demo bot waits for a human. */
  decisionTimeoutMs?: number;
}

export interface Playground {
  url: string;
  tandemUrl: string;
  /** What the sidebars call: the proxy when enabled, else the server itself. */
  appServerUrl: string;
  server: RunningServer;
  proxy: SwitchableProxy | null;
  state: PlaygroundState;
  installations: Record<Platform, SeededInstallation>;
  stores: Record<Platform, TicketStore>;
  available: Record<Platform, boolean>;
  bookings: BookingSystem;
  guard: OfflineGuard;
  dashboardUrl(platform: Platform): string;
  ticketUrl(platform: Platform, id: number): string;
  close(): Promise<void>;
}

const FRESHDESK_API_KEY = "playground-freshdesk-key";

function assertPortFree(port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        Object.assign(new Error(`port ${port} on ${host} is in use (${error.code})`), {
          code: error.code,
        }),
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** A fresh in-memory inbox per platform (the helpdesks' tickets are not Tandem's data). */
export function demoStore(): TicketStore {
  const directory = sampleDirectory();
  return new TicketStore(
    directory,
    DEMO_TICKETS.map((seed) => ticketFrom(seed, directory)),
  );
}

/**
 * Everything `pnpm start` runs, in-process: the Tandem server on the embedded defaults, both
 * helpdesk simulators with the built apps, the seeded demo installations, the fake booking
 * system and the travel-booking demo. The e2e tests start the same thing on free ports.
 */
export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  // Only the entry point (start.ts) passes the process environment; tests pass their own.
  const env = options.env ?? {};
  const dataDir = options.dataDir ?? join(repoRoot, env.DATA_DIR ?? ".tandem");
  const parsed = parseEnv({
    ...env,
    DATA_DIR: dataDir,
    HOST: env.HOST ?? "localhost",
    LOG_LEVEL: env.LOG_LEVEL ?? "warn",
    ...(options.serverPort !== undefined ? { PORT: String(options.serverPort) } : {}),
  });
  // The admin API seeds the demo; without an operator token a random one lives in this process.
  const adminToken = parsed.ADMIN_TOKEN ?? randomBytes(24).toString("base64url");
  const config = { ...configFromEnv(parsed), adminTokenHash: sha256(adminToken) };
  const wantedPlaygroundPort =
    options.playgroundPort ??
    (env.PLAYGROUND_PORT ? Number(env.PLAYGROUND_PORT) : config.port === 0 ? 0 : config.port + 1);

  const listeners: Listening[] = [];
  let hostApp: Hono | null = null;
  const notReady = () => new Response("The playground is starting…", { status: 503 });
  const main = await listen(
    (req) => (hostApp ? hostApp.fetch(req) : notReady()),
    wantedPlaygroundPort,
  );
  listeners.push(main);
  const assetApps: Partial<Record<Platform, Hono>> = {};
  const assets: Record<Platform, Listening> = {
    zendesk: await listen((req) => assetApps.zendesk?.fetch(req) ?? notReady()),
    freshdesk: await listen((req) => assetApps.freshdesk?.fetch(req) ?? notReady()),
  };
  listeners.push(assets.zendesk, assets.freshdesk);

  const closeListeners = () => Promise.all(listeners.map((l) => l.close()));
  let server: RunningServer;
  try {
    // The server's own listen error would surface as an uncaught exception: check first.
    if (config.port !== 0) await assertPortFree(config.port, config.host);
    server = await startServer(config, {});
  } catch (error) {
    await closeListeners();
    throw error;
  }
  const tandemUrl = `http://localhost:${server.port}`;
  let proxy: SwitchableProxy | null = null;
  const shutdown = new AbortController();
  let demo: ReturnType<typeof createTravelDemo> | null = null;
  const close = async () => {
    shutdown.abort();
    await demo?.settle();
    await closeListeners();
    await proxy?.close();
    await server.stop();
  };

  try {
    proxy = options.proxy ? await startSwitchableProxy(tandemUrl) : null;
    const appServerUrl = proxy?.url ?? tandemUrl;
    const bookings = new BookingSystem();
    const statePath = join(dataDir, "playground.json");
    const state = await seedPlayground({
      serverUrl: tandemUrl,
      adminToken,
      statePath,
      bookingEndpoint: `${main.url}/booking/api/change-dates`,
    });
    const installations = state.installations as Record<Platform, SeededInstallation>;
    bookings.secrets = [installations.zendesk.webhookSecret, installations.freshdesk.webhookSecret];

    const guard = new OfflineGuard();
    const stores: Record<Platform, TicketStore> = { zendesk: demoStore(), freshdesk: demoStore() };
    const available: Record<Platform, boolean> = {
      zendesk: appBuilt("zendesk"),
      freshdesk: appBuilt("freshdesk"),
    };
    // Analytics need only the app token: the link never carries the admin one.
    const dashboardUrl = (platform: Platform) =>
      `${tandemUrl}/dashboard#token=${encodeURIComponent(installations[platform].appToken)}`;
    const links = (platform: Platform) => [
      { label: "Playground", href: "/" },
      { label: "Travel demo", href: "/demo/travel/" },
      { label: "Analytics", href: dashboardUrl(platform) },
    ];

    // `/booking` and `/booking/` alike.
    const app = new Hono({ strict: false });
    if (available.zendesk) {
      const zendesk = createZendeskSimulator({
        appDir: appDist.zendesk,
        store: stores.zendesk,
        settings: {
          server_url: appServerUrl,
          api_token: installations.zendesk.appToken,
          sign_agent_identity: false,
        },
        subdomain: DEMO_SUBDOMAIN,
        basePath: "/zendesk",
        assetsUrl: assets.zendesk.url,
        rewriteSdkUrl: options.rewriteSdkUrl ?? true,
        links: links("zendesk"),
        guard,
      });
      app.route("/zendesk", zendesk.host);
      assetApps.zendesk = zendesk.assets;
    }
    if (available.freshdesk) {
      const freshdesk = createFreshdeskSimulator({
        appDir: appDist.freshdesk,
        store: stores.freshdesk,
        iparams: {
          tandem_host: new URL(appServerUrl).host,
          tandem_api_token: installations.freshdesk.appToken,
          freshdesk_subdomain: DEMO_SUBDOMAIN,
          freshdesk_api_key: FRESHDESK_API_KEY,
        },
        domain: `${DEMO_SUBDOMAIN}.freshdesk.com`,
        freshdeskApiKey: FRESHDESK_API_KEY,
        hostUrl: main.url,
        basePath: "/freshdesk",
        assetsUrl: assets.freshdesk.url,
        links: links("freshdesk"),
        guard,
      });
      app.route("/freshdesk", freshdesk.host);
      assetApps.freshdesk = freshdesk.assets;
    }

    demo = createTravelDemo({
      tandemUrl,
      botToken: installations.zendesk.botToken,
      modelUrl: `${main.url}/demo/model/v1`,
      store: stores.zendesk,
      bookings,
      nextTicketId: () => {
        const id = state.nextChatTicketId;
        state.nextChatTicketId += 1;
        saveState(statePath, state);
        return id;
      },
      ticketPath: (id) => `/zendesk/tickets/${id}`,
      signal: shutdown.signal,
      decisionTimeoutMs: options.decisionTimeoutMs,
    });

    const database = config.databaseUrl ? "PostgreSQL" : `PGlite in ${dataDir}`;
    app.get("/", (c) =>
      c.html(
        landingPageHtml({
          tandemUrl,
          drafter:
            server.deps.drafterMode() === "model" ? `model (${config.openai.model})` : "offline",
          database,
          platforms: [
            {
              key: "zendesk",
              label: "Zendesk",
              tickets: stores.zendesk.list(),
              dashboardUrl: dashboardUrl("zendesk"),
              available: available.zendesk,
            },
            {
              key: "freshdesk",
              label: "Freshdesk",
              tickets: stores.freshdesk.list(),
              dashboardUrl: dashboardUrl("freshdesk"),
              available: available.freshdesk,
            },
          ],
        }),
      ),
    );
    app.get("/favicon.ico", (c) => c.body(null, 204));
    app.route("/booking", bookings.routes());
    app.route("/demo/travel", demo.app);
    app.route("/demo/model/v1", scriptedModelRoutes());
    hostApp = app;

    return {
      url: main.url,
      tandemUrl,
      appServerUrl,
      server,
      proxy,
      state,
      installations,
      stores,
      available,
      bookings,
      guard,
      dashboardUrl,
      ticketUrl: (platform, id) => `${main.url}/${platform}/tickets/${id}`,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
