import type { Context } from "hono";
import type { AppDeps, AppEnv, ServiceContext } from "./types";

/** The Hono-free context services take, built from the request's deps and logger. */
export function serviceContext(c: Context<AppEnv>): ServiceContext {
  const deps = c.get("deps");
  return {
    db: deps.database.db,
    config: deps.config,
    logger: c.get("logger") ?? deps.logger,
    clock: deps.clock,
    model: deps.model,
    embedder: deps.embedder,
  };
}

/** The context a background worker's services take: the process's deps, no request. */
export function workerServiceContext(
  deps: Pick<AppDeps, "database" | "config" | "logger" | "clock"> &
    Partial<Pick<AppDeps, "model" | "embedder">>,
): ServiceContext {
  return {
    db: deps.database.db,
    config: deps.config,
    logger: deps.logger,
    clock: deps.clock,
    model: deps.model,
    embedder: deps.embedder,
  };
}
