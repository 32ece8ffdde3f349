import { type Health, HealthSchema } from "@tandem/shared";
import { Hono } from "hono";
import type { OperationDoc } from "../openapi/registry";
import type { AppEnv } from "../types";

export const healthRoutes = new Hono<AppEnv>().get("/health", async (c) => {
  const deps = c.get("deps");
  let db: Health["db"] = "ok";
  try {
    await deps.database.ping();
  } catch {
    db = "down";
  }
  const body: Health = {
    status: db === "ok" ? "ok" : "degraded",
    db,
    drafter: deps.drafterMode(),
    version: deps.config.version,
  };
  return c.json(body, db === "ok" ? 200 : 503);
});

export const healthDocs: OperationDoc[] = [
  {
    method: "get",
    path: "/health",
    summary: "Liveness and readiness",
    tag: "Operations",
    security: "none",
    responses: {
      200: { description: "Up", schema: HealthSchema },
      503: { description: "Database unreachable", schema: HealthSchema },
    },
  },
];
