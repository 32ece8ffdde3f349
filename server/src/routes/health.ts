import { HealthSchema } from "@tandem/shared";
import { defineRoute, openApiRouter } from "../openapi/route";
import { checkHealth } from "../services/health";

const health = defineRoute(
  { security: "none" },
  {
    method: "get",
    path: "/health",
    summary: "Liveness and readiness",
    tags: ["Operations"],
    responses: {
      200: { description: "Up", content: { "application/json": { schema: HealthSchema } } },
      503: {
        description: "Database unreachable",
        content: { "application/json": { schema: HealthSchema } },
      },
    },
  },
);

export const healthRoutes = openApiRouter().openapi(health, async (c) => {
  const body = await checkHealth({ ctx: c.get("ctx"), input: {} });
  return body.db === "ok" ? c.json(body, 200) : c.json(body, 503);
});
