import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InstallationCreated } from "@tandem/shared";
import { createApp } from "../app";
import { type AppConfig, VERSION } from "../config";
import { serviceContext } from "../context";
import { createJobQueue, registerWorkers, type WorkerOptions } from "../jobs";
import { sha256 } from "../lib/crypto";
import { createLogger } from "../lib/logger";
import type { AppDeps, ServiceContext } from "../types";
import { createTestDatabase, type TestDatabase } from "./db";

export const TEST_ADMIN_TOKEN = "test-admin-token-0123456789";

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    port: 0,
    host: "127.0.0.1",
    dataDir: join(tmpdir(), `tandem-test-${randomBytes(4).toString("hex")}`),
    adminTokenHash: sha256(TEST_ADMIN_TOKEN),
    openai: { model: "gpt-4o-mini" },
    publicUrl: "http://localhost:8787",
    secretKey: randomBytes(32),
    logLevel: "silent",
    corsOrigins: [],
    version: VERSION,
    ...overrides,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely and assert on them.
export type AnyJson = any;

/** A Response whose json() is loosely typed, so tests can assert on fields directly. */
export type TestResponse = Omit<Response, "json"> & { json(): Promise<AnyJson> };

export interface TestContext {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  database: TestDatabase;
  ctx: ServiceContext;
  /** `app.request` with JSON encoding of `json` and a bearer `token`. */
  call(
    method: string,
    path: string,
    options?: { token?: string; json?: unknown; headers?: Record<string, string>; body?: string },
  ): Promise<TestResponse>;
  /**
   * A new installation (unique subdomain) with its `appToken` and `adminToken`, plus `token`: a
   * test convenience holding both scopes, for tests about something other than scopes.
   */
  install(platform?: "zendesk" | "freshdesk", subdomain?: string): Promise<TestInstallation>;
  close(): Promise<void>;
}

export type TestInstallation = InstallationCreated & { token: string; tokenId: string };

let counter = 0;

/** One database per test file: create in beforeAll, close in afterAll. */
export async function createTestContext(
  options: {
    config?: Partial<AppConfig>;
    deps?: Partial<AppDeps>;
    /** Start a job queue with the server's workers (tuned by these options) on the test database. */
    jobs?: WorkerOptions | boolean;
  } = {},
): Promise<TestContext> {
  const database = await createTestDatabase();
  const config = testConfig(options.config);
  const logger = createLogger("silent");
  const deps: AppDeps = {
    config,
    database,
    logger,
    clock: { now: () => new Date() },
    drafterMode: () => (config.openai.apiKey ? "model" : "offline"),
    ...options.deps,
  };
  if (options.jobs && !deps.jobs) {
    const jobs = createJobQueue({ database, logger, pollingIntervalSeconds: 0.5 });
    await registerWorkers(jobs, deps, options.jobs === true ? {} : options.jobs);
    await jobs.start();
    deps.jobs = jobs;
  }
  const app = createApp(deps);
  const call: TestContext["call"] = (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined = opts.body;
    if (opts.json !== undefined) {
      headers["content-type"] ??= "application/json";
      body = JSON.stringify(opts.json);
    }
    return Promise.resolve(app.request(path, { method, headers, body }));
  };
  return {
    app,
    deps,
    database,
    ctx: serviceContext(deps),
    call,
    async install(platform = "zendesk", subdomain) {
      counter += 1;
      const res = await call("POST", "/v1/admin/installations", {
        token: TEST_ADMIN_TOKEN,
        json: {
          platform,
          subdomain: subdomain ?? `acme-${counter}-${randomBytes(3).toString("hex")}`,
        },
      });
      if (res.status !== 201) throw new Error(`install failed: ${res.status} ${await res.text()}`);
      const created = (await res.json()) as InstallationCreated;
      const both = await call("POST", "/v1/tokens", {
        token: created.adminToken,
        json: { name: "test: app and admin", scopes: ["app", "admin"] },
      });
      if (both.status !== 201) throw new Error(`token failed: ${both.status} ${await both.text()}`);
      const token = (await both.json()) as { id: string; token: string };
      return { ...created, token: token.token, tokenId: token.id };
    },
    async close() {
      await deps.jobs?.stop();
      await database.destroy();
    },
  };
}
