import { Hono } from "hono";
import { apiPageHtml } from "../openapi/page";
import type { AppEnv } from "../types";

/** `/openapi.json` and a self-contained browsable page (no CDN: it must work offline). */
export function docsRoutes(document: (info: { version: string; serverUrl: string }) => unknown) {
  let cached: unknown;
  return new Hono<AppEnv>()
    .get("/openapi.json", (c) => {
      const { config } = c.get("deps");
      cached ??= document({ version: config.version, serverUrl: config.publicUrl });
      return c.json(cached);
    })
    .get("/docs", (c) => c.html(apiPageHtml));
}
