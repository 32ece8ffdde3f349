import { WebhookAcceptedSchema } from "@tandem/shared";
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import type { InstallationRow } from "../db/schema";
import { AppError } from "../errors";
import { predraftEnqueue } from "../jobs/predraft";
import { safeEqual } from "../lib/crypto";
import type { OperationDoc } from "../openapi/registry";

import { ticketRevision } from "../services/drafting/context";
import { getInstallationRow, webhookSecretOf } from "../services/installations";
import {
  acceptWebhook,
  deliveryKey,
  parseFreshdeskEvent,
  parseJsonBody,
  parseZendeskEvent,
  SIGNATURE_MESSAGES,
  verifyZendeskSignature,
  ZENDESK_TEST_SIGNING_SECRET,
} from "../services/webhooks";
import type { AppEnv } from "../types";

/** Header naming the installation when the URL cannot (both helpdesks allow custom headers). */
export const INSTALLATION_HEADER = "x-tandem-installation";
/** Freshdesk has no signature: its automation rule sends the webhook secret in this header. */
export const FRESHDESK_SECRET_HEADER = "x-tandem-webhook-secret";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function basicCredentials(header: string | undefined): { user: string; password: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header?.trim() ?? "");
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * The installation a delivery is for: `/…/:installationId`, `?installation=`, the
 * X-Tandem-Installation header, or (Freshdesk) the Basic-auth user name. Unknown → 401, the
 * same as a bad signature, so ids cannot be probed.
 */
async function installationOf(
  c: Context<AppEnv>,
  platform: "zendesk" | "freshdesk",
  fallbackId: string | null = null,
): Promise<InstallationRow> {
  const id =
    c.req.param("installationId") ??
    c.req.query("installation") ??
    c.req.header(INSTALLATION_HEADER) ??
    fallbackId;
  const unknown = new AppError("UNAUTHORIZED", "Unknown installation or bad webhook credentials");
  if (!id || !UUID.test(id)) throw unknown;
  const row = await getInstallationRow(c.get("deps").database.db, id.toLowerCase()).catch(
    () => null,
  );
  if (!row || row.platform !== platform) throw unknown;
  return row;
}

async function rawBody(c: Context<AppEnv>): Promise<Buffer> {
  // The exact bytes: the signature covers them, so the JSON is never re-serialized.
  return Buffer.from(await c.req.arrayBuffer());
}

function enqueueOf(c: Context<AppEnv>) {
  const jobs = c.get("deps").jobs;
  return jobs ? predraftEnqueue(jobs, ticketRevision) : null;
}

async function zendeskWebhook(c: Context<AppEnv>) {
  const deps = c.get("deps");
  const installation = await installationOf(c, "zendesk");
  const raw = await rawBody(c);
  const signature = c.req.header("x-zendesk-webhook-signature");
  const timestamp = c.req.header("x-zendesk-webhook-signature-timestamp");
  const now = deps.clock.now();
  const secret = webhookSecretOf(deps, installation);
  const check = verifyZendeskSignature({ secret, signature, timestamp, rawBody: raw, now });
  if (!check.ok) {
    // "Test webhook" in Zendesk's builder signs with a published static secret: acknowledge it
    // so admins can check connectivity, but act on nothing.
    const test =
      check.reason === "mismatch" &&
      secret !== ZENDESK_TEST_SIGNING_SECRET &&
      verifyZendeskSignature({
        secret: ZENDESK_TEST_SIGNING_SECRET,
        signature,
        timestamp,
        rawBody: raw,
        now,
      }).ok;
    if (test) {
      return c.json(
        {
          accepted: true as const,
          outcome: "skipped" as const,
          ticketId: null,
          reason: "Test delivery signed with Zendesk's test secret: nothing was queued",
        },
        200,
      );
    }
    throw new AppError("UNAUTHORIZED", SIGNATURE_MESSAGES[check.reason]);
  }
  const event = parseZendeskEvent(parseJsonBody(raw));
  const result = await acceptWebhook(c.get("ctx"), {
    installation,
    event,
    key: deliveryKey({
      headerId: c.req.header("x-zendesk-webhook-invocation-id") ?? null,
      event,
      rawBody: raw,
      timestamp: timestamp ?? null,
    }),
    enqueue: enqueueOf(c),
  });
  return c.json(result, result.outcome === "queued" ? 202 : 200);
}

async function freshdeskWebhook(c: Context<AppEnv>) {
  const deps = c.get("deps");
  const basic = basicCredentials(c.req.header("authorization"));
  const installation = await installationOf(c, "freshdesk", basic?.user ?? null);
  const presented = c.req.header(FRESHDESK_SECRET_HEADER) ?? basic?.password;
  if (
    !presented ||
    presented.length > 500 ||
    !safeEqual(presented, webhookSecretOf(deps, installation))
  ) {
    throw new AppError("UNAUTHORIZED", "Unknown installation or bad webhook credentials");
  }
  const raw = await rawBody(c);
  const event = parseFreshdeskEvent(parseJsonBody(raw));
  const result = await acceptWebhook(c.get("ctx"), {
    installation,
    event,
    key: deliveryKey({ headerId: null, event, rawBody: raw, timestamp: null }),
    enqueue: enqueueOf(c),
  });
  return c.json(result, result.outcome === "queued" ? 202 : 200);
}

export const webhookRoutes = new Hono<AppEnv>()
  .post("/zendesk", zendeskWebhook)
  .post("/zendesk/:installationId", zendeskWebhook)
  .post("/freshdesk", freshdeskWebhook)
  .post("/freshdesk/:installationId", freshdeskWebhook);

const tag = "Webhooks";
const InstallationQuery = z.object({
  installation: z
    .uuid()
    .optional()
    .describe("The installation id (or use the path form, or the X-Tandem-Installation header)"),
});
const responses = {
  202: { description: "Accepted: a pre-draft job is queued", schema: WebhookAcceptedSchema },
  200: {
    description: "Accepted without new work (duplicate delivery, test delivery, nothing to do)",
    schema: WebhookAcceptedSchema,
  },
  400: { description: "Body is not a JSON object or names an invalid ticket" },
  401: { description: "Unknown installation, bad signature/secret, or stale timestamp" },
  413: { description: "Body too large" },
  503: { description: "The job could not be queued; the helpdesk should retry" },
};
export const webhookDocs: OperationDoc[] = [
  {
    method: "post",
    path: "/v1/webhooks/zendesk",
    summary:
      "Zendesk webhook (ticket created / customer reply): verifies X-Zendesk-Webhook-Signature = base64 HMAC-SHA256(secret, timestamp + raw body) within a 5-minute window, ignores redeliveries, queues a pre-draft and answers at once",
    tag,
    security: "none",
    query: InstallationQuery,
    responses,
  },
  {
    method: "post",
    path: "/v1/webhooks/freshdesk",
    summary:
      "Freshdesk automation webhook: the installation's webhook secret in X-Tandem-Webhook-Secret (or Basic auth installationId:secret), compared in constant time; queues a pre-draft",
    tag,
    security: "none",
    query: InstallationQuery,
    responses,
  },
];
