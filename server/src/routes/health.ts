import { HealthSchema } from "@tandem/shared";
import { defineRoute, json, openApiRouter } from "../openapi/route";
import { checkHealth } from "../services/health";

const health = defineRoute(
  { security: "none" },
  {
    method: "get",
    path: "/health",
    summary: "Liveness and readiness",
    tags: ["Operations"],
    responses: {
      200: { description: "Up", content: json(HealthSchema) },
      503: { description: "Database unreachable", content: json(HealthSchema) },
    },
  },
);

export const healthRoutes = openApiRouter().openapi(health, async (c) => {
  const body = await checkHealth({ ctx: c.get("ctx"), input: {} });
  return body.db === "ok" ? c.json(body, 200) : c.json(body, 503);
});
