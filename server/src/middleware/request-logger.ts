import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../types";

/** One line per request: ids, route, status and timing; never headers or bodies. */
export const requestLogger = createMiddleware<AppEnv>(async (c, next) => {
  const started = performance.now();
  const logger = c.get("deps").logger.child({ requestId: c.get("requestId") });
  c.set("logger", logger);
  await next();
  const status = c.res.status;
  const entry = {
    method: c.req.method,
    path: c.req.path,
    status,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
    installationId: c.var.tenant?.installationId,
  };
  if (status >= 500) logger.error(entry, "request failed");
  else logger.info(entry, "request");
});
