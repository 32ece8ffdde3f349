import {
  HelpdeskConnectionInputSchema,
  HelpdeskConnectionSchema,
  InstallationIdParamSchema,
  JobFailureQuerySchema,
  JobFailureSchema,
  KnowledgeSyncResultSchema,
  ZendeskSetupRequestSchema,
  ZendeskSetupResultSchema,
} from "@tandem/shared";
import { Hono } from "hono";
import { z } from "zod";
import { AppError } from "../errors";
import { validate } from "../lib/validate";
import { requireAdmin, requireInstallation } from "../middleware/auth";
import type { OperationDoc } from "../openapi/registry";

import {
  deleteHelpdeskConnection,
  getHelpdeskConnection,
  setHelpdeskConnection,
  setWebhookSecret,
} from "../services/helpdesk-connections";
import {
  appErrorFromHelpdesk,
  getJobFailure,
  listJobFailures,
  markJobFailureRetried,
  setupZendeskWebhook,
  testHelpdeskConnection,
} from "../services/helpdesk-setup";
import { KNOWLEDGE_SYNC_QUEUE, syncKnowledge } from "../services/knowledge-sync";
import { PREDRAFT_QUEUE, predraftSingletonKey } from "../services/predraft";
import type { AppEnv } from "../types";

const SyncRequestSchema = z.object({ full: z.boolean().optional() }).default({});
const WebhookSecretSchema = z.object({
  /** Zendesk: the webhook's signing secret (Admin Center → Webhooks → Reveal secret). */
  webhookSecret: z.string().min(16).max(500),
});
const FailureIdSchema = z.object({ id: z.uuid() });

/**
 * Admin-scope routes of an installation for its helpdesk integration: REST credentials
 * (write-only), Zendesk webhook setup, knowledge sync, and failed background jobs.
 */
export const helpdeskRoutes = new Hono<AppEnv>()
  .use("/helpdesk/*", requireInstallation("admin"))
  .use("/jobs/*", requireInstallation("admin"))
  .get("/helpdesk/connection", async (c) => {
    return c.json(await getHelpdeskConnection(c.get("ctx"), c.get("tenant").installationId));
  })
  .put("/helpdesk/connection", validate("json", HelpdeskConnectionInputSchema), async (c) => {
    const connection = await setHelpdeskConnection(
      c.get("ctx"),
      c.get("tenant").installationId,
      c.req.valid("json"),
    );
    return c.json(connection);
  })
  .delete("/helpdesk/connection", async (c) => {
    await deleteHelpdeskConnection(c.get("ctx"), c.get("tenant").installationId);
    return c.body(null, 204);
  })
  .post("/helpdesk/connection/test", async (c) => {
    return c.json(await testHelpdeskConnection(c.get("ctx"), c.get("tenant").installationId));
  })
  .put("/helpdesk/webhook-secret", validate("json", WebhookSecretSchema), async (c) => {
    await setWebhookSecret(
      c.get("ctx"),
      c.get("tenant").installationId,
      c.req.valid("json").webhookSecret,
    );
    return c.body(null, 204);
  })
  .post("/helpdesk/zendesk/setup", validate("json", ZendeskSetupRequestSchema), async (c) => {
    const result = await setupZendeskWebhook(
      c.get("ctx"),
      c.get("tenant").installationId,
      c.req.valid("json"),
    );
    return c.json(result);
  })
  .post("/helpdesk/knowledge-sync", validate("json", SyncRequestSchema), async (c) => {
    try {
      const result = await syncKnowledge(c.get("ctx"), c.get("tenant").installationId, {
        full: c.req.valid("json").full,
      });
      return c.json(result);
    } catch (err) {
      throw appErrorFromHelpdesk(err);
    }
  })
  .get("/jobs/failed", validate("query", JobFailureQuerySchema), async (c) => {
    const failures = await listJobFailures(
      c.get("ctx"),
      c.get("tenant").installationId,
      c.req.valid("query"),
    );
    return c.json({ failures });
  })
  .post("/jobs/failed/:id/retry", validate("param", FailureIdSchema), async (c) => {
    const ctx = c.get("ctx");
    const { installationId } = c.get("tenant");
    const failure = await getJobFailure(ctx, installationId, c.req.valid("param").id);
    const jobs = c.get("deps").jobs;
    if (!jobs) throw new AppError("UNAVAILABLE", "Background jobs are not running on this server");
    if (failure.queue === PREDRAFT_QUEUE && failure.ticketId) {
      await jobs.send(
        PREDRAFT_QUEUE,
        { installationId, ticketId: failure.ticketId, event: "retry" },
        { singletonKey: predraftSingletonKey(installationId, failure.ticketId, null) },
      );
    } else if (failure.queue === KNOWLEDGE_SYNC_QUEUE) {
      await jobs.send(KNOWLEDGE_SYNC_QUEUE, { installationId, full: true });
    } else {
      throw new AppError("CONFLICT", "This failed job cannot be retried");
    }
    return c.json(await markJobFailureRetried(ctx, failure.id), 202);
  });

/** Operator (ADMIN_TOKEN) variants: any REST base URL (self-hosted proxies, sandboxes, tests). */
export const helpdeskOperatorRoutes = new Hono<AppEnv>()
  .use("/installations/:id/helpdesk-connection", requireAdmin)
  .get(
    "/installations/:id/helpdesk-connection",
    validate("param", InstallationIdParamSchema),
    async (c) => {
      return c.json(await getHelpdeskConnection(c.get("ctx"), c.req.valid("param").id));
    },
  )
  .put(
    "/installations/:id/helpdesk-connection",
    validate("param", InstallationIdParamSchema),
    validate("json", HelpdeskConnectionInputSchema),
    async (c) => {
      const connection = await setHelpdeskConnection(
        c.get("ctx"),
        c.req.valid("param").id,
        c.req.valid("json"),
        { anyBaseUrl: true },
      );
      return c.json(connection);
    },
  );

const tag = "Helpdesk integration";
export const helpdeskDocs: OperationDoc[] = [
  {
    method: "get",
    path: "/v1/admin/installations/{id}/helpdesk-connection",
    summary: "An installation's helpdesk connection (operator)",
    tag,
    security: "admin",
    params: InstallationIdParamSchema,
    responses: {
      200: { description: "Connection", schema: HelpdeskConnectionSchema },
      404: { description: "Unknown installation or no credentials" },
    },
  },
  {
    method: "put",
    path: "/v1/admin/installations/{id}/helpdesk-connection",
    summary:
      "Store an installation's helpdesk credentials (operator); unlike the installation's own endpoint, any baseUrl is allowed",
    tag,
    security: "admin",
    params: InstallationIdParamSchema,
    body: HelpdeskConnectionInputSchema,
    responses: { 200: { description: "Stored", schema: HelpdeskConnectionSchema } },
  },
  {
    method: "get",
    path: "/v1/helpdesk/connection",
    summary:
      "The stored helpdesk REST credentials (never the secret), webhook URL and knowledge-sync state",
    tag,
    security: "installation",
    scopes: ["admin"],
    responses: {
      200: { description: "Connection", schema: HelpdeskConnectionSchema },
      404: { description: "No credentials stored" },
    },
  },
  {
    method: "put",
    path: "/v1/helpdesk/connection",
    summary:
      "Store helpdesk REST credentials, encrypted at rest: Zendesk API token (email + token) or OAuth token; Freshdesk API key",
    tag,
    security: "installation",
    scopes: ["admin"],
    body: HelpdeskConnectionInputSchema,
    responses: { 200: { description: "Stored", schema: HelpdeskConnectionSchema } },
  },
  {
    method: "delete",
    path: "/v1/helpdesk/connection",
    summary: "Forget the stored helpdesk credentials",
    tag,
    security: "installation",
    scopes: ["admin"],
    responses: { 204: { description: "Deleted" }, 404: { description: "None stored" } },
  },
  {
    method: "post",
    path: "/v1/helpdesk/connection/test",
    summary: "Check the stored credentials with one authenticated call to the helpdesk",
    tag,
    security: "installation",
    scopes: ["admin"],
    responses: {
      200: {
        description: "Credentials work",
        schema: z.object({ ok: z.literal(true), platform: z.enum(["zendesk", "freshdesk"]) }),
      },
      400: { description: "The helpdesk refused them" },
    },
  },
  {
    method: "put",
    path: "/v1/helpdesk/webhook-secret",
    summary:
      "Set the webhook secret to one the helpdesk generated (a Zendesk webhook's signing secret, when it was created by hand)",
    tag,
    security: "installation",
    scopes: ["admin"],
    body: WebhookSecretSchema,
    responses: { 204: { description: "Stored (encrypted)" } },
  },
  {
    method: "post",
    path: "/v1/helpdesk/zendesk/setup",
    summary:
      "Create or update the Zendesk webhook + trigger (new ticket / customer reply → pre-draft) and store the webhook's signing secret",
    tag,
    security: "installation",
    scopes: ["admin"],
    body: ZendeskSetupRequestSchema,
    responses: { 200: { description: "Set up", schema: ZendeskSetupResultSchema } },
  },
  {
    method: "post",
    path: "/v1/helpdesk/knowledge-sync",
    summary:
      "Sync help-center articles now (Zendesk Help Center / Freshdesk solutions); `full` also removes deleted ones",
    tag,
    security: "installation",
    scopes: ["admin"],
    body: SyncRequestSchema,
    responses: { 200: { description: "Synced", schema: KnowledgeSyncResultSchema } },
  },
  {
    method: "get",
    path: "/v1/jobs/failed",
    summary: "Dead-lettered background jobs (pre-drafts, knowledge syncs) with the reason",
    tag,
    security: "installation",
    scopes: ["admin"],
    query: JobFailureQuerySchema,
    responses: {
      200: {
        description: "Failures, newest first",
        schema: z.object({ failures: z.array(JobFailureSchema) }),
      },
    },
  },
  {
    method: "post",
    path: "/v1/jobs/failed/{id}/retry",
    summary: "Queue a failed job again",
    tag,
    security: "installation",
    scopes: ["admin"],
    params: FailureIdSchema,
    responses: {
      202: { description: "Queued again", schema: JobFailureSchema },
      404: { description: "Unknown" },
    },
  },
];
