import { WebhookAcceptedSchema } from "@tandem/shared";
import type { Context } from "hono";
import { z } from "zod";
import { defineRoute, json, openApiRouter } from "../openapi/route";
import {
  receiveFreshdeskWebhook,
  receiveZendeskWebhook,
  type WebhookDelivery,
} from "../services/webhooks";
import type { AppEnv } from "../types";

const tags = ["Webhooks"];
// Not a UUID schema: an id that is no UUID answers 401 like an unknown one, so ids cannot be probed.
const InstallationQuery = z.object({
  installation: z
    .string()
    .optional()
    .describe("The installation id (or use the path form, or the X-Tandem-Installation header)"),
});
const InstallationParam = z.object({ installationId: z.string().describe("The installation id") });
const accepted = json(WebhookAcceptedSchema);
const responses = {
  202: { description: "Accepted: a pre-draft job is queued", content: accepted },
  200: {
    description: "Accepted without new work (duplicate delivery, test delivery, nothing to do)",
    content: accepted,
  },
  400: { description: "Body is not a JSON object or names an invalid ticket" },
  401: { description: "Unknown installation, bad signature/secret, or stale timestamp" },
  413: { description: "Body too large" },
  503: { description: "The job could not be queued; the helpdesk should retry" },
};
const ZENDESK_SUMMARY =
  "Zendesk webhook (ticket created / customer reply): verifies X-Zendesk-Webhook-Signature = base64 HMAC-SHA256(secret, timestamp + raw body) within a 5-minute window, ignores redeliveries, queues a pre-draft and answers at once";
const FRESHDESK_SUMMARY =
  "Freshdesk automation webhook: the installation's webhook secret in X-Tandem-Webhook-Secret (or Basic auth installationId:secret), compared in constant time; queues a pre-draft";

/**
 * The body is not declared: the signature covers its exact bytes, so the service reads them raw
 * and parses them itself (every helpdesk body style is accepted).
 */
function webhookRoute(platform: "zendesk" | "freshdesk", withPathId: boolean) {
  return defineRoute(
    { security: "none" },
    {
      method: "post",
      path: withPathId ? `/${platform}/{installationId}` : `/${platform}`,
      summary: platform === "zendesk" ? ZENDESK_SUMMARY : FRESHDESK_SUMMARY,
      tags,
      request: withPathId ? { params: InstallationParam } : { query: InstallationQuery },
      responses,
    },
  );
}

async function deliveryOf(c: Context<AppEnv>): Promise<WebhookDelivery> {
  return {
    installationId: c.req.param("installationId") ?? c.req.query("installation"),
    headers: c.req.header(),
    rawBody: Buffer.from(await c.req.arrayBuffer()),
  };
}

const status = (outcome: string) => (outcome === "queued" ? 202 : 200);

async function zendesk(c: Context<AppEnv>) {
  const result = await receiveZendeskWebhook({ ctx: c.get("ctx"), input: await deliveryOf(c) });
  return c.json(result, status(result.outcome));
}

async function freshdesk(c: Context<AppEnv>) {
  const result = await receiveFreshdeskWebhook({ ctx: c.get("ctx"), input: await deliveryOf(c) });
  return c.json(result, status(result.outcome));
}

export const webhookRoutes = openApiRouter()
  .openapi(webhookRoute("zendesk", false), zendesk)
  .openapi(webhookRoute("zendesk", true), zendesk)
  .openapi(webhookRoute("freshdesk", false), freshdesk)
  .openapi(webhookRoute("freshdesk", true), freshdesk);
