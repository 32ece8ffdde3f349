import { Hono } from "hono";
import { apiPageHtml } from "../openapi/page";
import { buildOpenApiDocument, type OperationDoc } from "../openapi/registry";
import type { AppEnv } from "../types";

/** `/openapi.json` and a self-contained browsable page (no CDN: it must work offline). */
export function docsRoutes(operations: () => OperationDoc[]) {
  let cached: unknown;
  return new Hono<AppEnv>()
    .get("/openapi.json", (c) => {
      cached ??= buildOpenApiDocument(operations(), {
        version: c.get("deps").config.version,
        serverUrl: c.get("deps").config.publicUrl,
      });
      return c.json(cached);
    })
    .get("/docs", (c) => c.html(apiPageHtml));
}
