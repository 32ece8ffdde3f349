import { rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { createApp } from "./app";
import type { AppConfig } from "./config";
import { createDatabase, type Database } from "./db/client";
import { createJobQueue, registerWorkers, type WorkerOptions } from "./jobs";
import { createLogger, type Logger } from "./lib/logger";
import { embedderFromConfig, modelFromConfig } from "./llm";
import type { AppDeps } from "./types";

export interface RunningServer {
  url: string;
  port: number;
  deps: AppDeps;
  /** Stops accepting, lets in-flight requests finish, then closes the database. */
  stop(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  database?: Database;
  /** Replace or add dependencies (tests, playground). */
  overrides?: Partial<AppDeps>;
  /** Background workers: `false` runs none (no job queue); otherwise their tuning. */
  workers?: WorkerOptions | false;
}

/** Builds the real dependencies from the config and listens; used by index.ts and harnesses. */
export async function startServer(
  config: AppConfig,
  options: StartOptions = {},
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const database =
    options.database ??
    (await createDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      ...(config.databasePoolSize ? { poolSize: config.databasePoolSize } : {}),
    }));
  const deps: AppDeps = {
    config,
    database,
    logger,
    clock: { now: () => new Date() },
    model: modelFromConfig(config),
    embedder: embedderFromConfig(config),
    // Reads deps.model so an override (a fake model, or null) is what /health reports.
    drafterMode: () => (deps.model ? "model" : "offline"),
    ...options.overrides,
  };
  // A queue passed in overrides belongs to the caller; one made here is stopped here.
  let stopWorkers = async () => {};
  if (!deps.jobs && options.workers !== false) {
    const jobs = createJobQueue({ database, logger });
    await registerWorkers(jobs, deps, options.workers || {});
    await jobs.start();
    deps.jobs = jobs;
    stopWorkers = () => jobs.stop();
  }
  const app = createApp(deps);
  const pidFile = database.kind === "pglite" ? join(config.dataDir, "server.pid") : null;

  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(s as Server),
    ) as Server;
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  if (pidFile) writeFileSync(pidFile, String(process.pid));

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      await new Promise<void>((resolve) => {
        // Keep-alive sockets become idle once their in-flight request is answered: close them as
        // they do; whatever is still busy after the grace period is cut.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        const deadline = setTimeout(() => {
          server.closeAllConnections();
        }, 10_000);
        deadline.unref();
        server.close(() => {
          clearInterval(sweep);
          clearTimeout(deadline);
          resolve();
        });
        server.closeIdleConnections();
      });
      await stopWorkers();
      await database.close();
      if (pidFile) rmSync(pidFile, { force: true });
    })();
    return stopping;
  };
  return { url: `http://127.0.0.1:${port}`, port, deps, stop };
}
