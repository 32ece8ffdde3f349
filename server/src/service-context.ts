import type { Context } from "hono";
import type { AppEnv, ServiceContext } from "./types";

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
