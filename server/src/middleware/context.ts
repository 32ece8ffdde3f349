import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { serviceContext } from "../context";
import type { AppEnv, TenantContext } from "../types";

/** Builds the request's service context once (after the request logger), for every route. */
export const contextMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  c.set("ctx", serviceContext(c.get("deps"), c.get("logger")));
  await next();
});

/** The context of a route behind `requireInstallation`: acting for the token's installation. */
export function tenantContext(c: Context<AppEnv>): TenantContext {
  const ctx = c.get("ctx");
  if (!ctx.tenant) throw new Error("tenantContext used on a route without requireInstallation");
  return ctx as TenantContext;
}
