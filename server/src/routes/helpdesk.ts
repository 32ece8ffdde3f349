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
import { z } from "zod";
import { tenantContext } from "../middleware/context";
import { defineRoute, json, jsonBody, openApiRouter } from "../openapi/route";
import {
  deleteHelpdeskConnection,
  getHelpdeskConnection,
  getInstallationHelpdeskConnection,
  setHelpdeskConnection,
  setInstallationHelpdeskConnection,
  setWebhookSecret,
} from "../services/helpdesk-connections";
import {
  listJobFailures,
  retryFailedJob,
  setupZendeskWebhook,
  syncKnowledgeNow,
  testHelpdeskConnection,
} from "../services/helpdesk-setup";
import { admin, operator } from "./access";

const SyncRequestSchema = z.object({ full: z.boolean().optional() }).default({});
const WebhookSecretSchema = z.object({
  /** Zendesk: the webhook's signing secret (Admin Center → Webhooks → Reveal secret). */
  webhookSecret: z.string().min(16).max(500),
});
const FailureIdSchema = z.object({ id: z.uuid() });

const tags = ["Helpdesk integration"];

const operatorRead = defineRoute(operator, {
  method: "get",
  path: "/installations/{id}/helpdesk-connection",
  summary: "An installation's helpdesk connection (operator)",
  tags,
  request: { params: InstallationIdParamSchema },
  responses: {
    200: { description: "Connection", content: json(HelpdeskConnectionSchema) },
    404: { description: "Unknown installation or no credentials" },
  },
});

const operatorWrite = defineRoute(operator, {
  method: "put",
  path: "/installations/{id}/helpdesk-connection",
  summary:
    "Store an installation's helpdesk credentials (operator); unlike the installation's own endpoint, any baseUrl is allowed",
  tags,
  request: { params: InstallationIdParamSchema, body: jsonBody(HelpdeskConnectionInputSchema) },
  responses: { 200: { description: "Stored", content: json(HelpdeskConnectionSchema) } },
});

const readConnection = defineRoute(admin, {
  method: "get",
  path: "/helpdesk/connection",
  summary:
    "The stored helpdesk REST credentials (never the secret), webhook URL and knowledge-sync state",
  tags,
  responses: {
    200: { description: "Connection", content: json(HelpdeskConnectionSchema) },
    404: { description: "No credentials stored" },
  },
});

const writeConnection = defineRoute(admin, {
  method: "put",
  path: "/helpdesk/connection",
  summary:
    "Store helpdesk REST credentials, encrypted at rest: Zendesk API token (email + token) or OAuth token; Freshdesk API key",
  tags,
  request: { body: jsonBody(HelpdeskConnectionInputSchema) },
  responses: { 200: { description: "Stored", content: json(HelpdeskConnectionSchema) } },
});

const deleteConnection = defineRoute(admin, {
  method: "delete",
  path: "/helpdesk/connection",
  summary: "Forget the stored helpdesk credentials",
  tags,
  responses: { 204: { description: "Deleted" }, 404: { description: "None stored" } },
});

const testConnection = defineRoute(admin, {
  method: "post",
  path: "/helpdesk/connection/test",
  summary: "Check the stored credentials with one authenticated call to the helpdesk",
  tags,
  responses: {
    200: {
      description: "Credentials work",
      content: json(z.object({ ok: z.literal(true), platform: z.enum(["zendesk", "freshdesk"]) })),
    },
    400: { description: "The helpdesk refused them" },
  },
});

const writeWebhookSecret = defineRoute(admin, {
  method: "put",
  path: "/helpdesk/webhook-secret",
  summary:
    "Set the webhook secret to one the helpdesk generated (a Zendesk webhook's signing secret, when it was created by hand)",
  tags,
  request: { body: jsonBody(WebhookSecretSchema) },
  responses: { 204: { description: "Stored (encrypted)" } },
});

const zendeskSetup = defineRoute(admin, {
  method: "post",
  path: "/helpdesk/zendesk/setup",
  summary:
    "Create or update the Zendesk webhook + trigger (new ticket / customer reply → pre-draft) and store the webhook's signing secret",
  tags,
  request: { body: jsonBody(ZendeskSetupRequestSchema) },
  responses: { 200: { description: "Set up", content: json(ZendeskSetupResultSchema) } },
});

const knowledgeSync = defineRoute(admin, {
  method: "post",
  path: "/helpdesk/knowledge-sync",
  summary:
    "Sync help-center articles now (Zendesk Help Center / Freshdesk solutions); `full` also removes deleted ones",
  tags,
  request: { body: jsonBody(SyncRequestSchema) },
  responses: { 200: { description: "Synced", content: json(KnowledgeSyncResultSchema) } },
});

const failedJobs = defineRoute(admin, {
  method: "get",
  path: "/jobs/failed",
  summary: "Dead-lettered background jobs (pre-drafts, knowledge syncs) with the reason",
  tags,
  request: { query: JobFailureQuerySchema },
  responses: {
    200: {
      description: "Failures, newest first",
      content: json(z.object({ failures: z.array(JobFailureSchema) })),
    },
  },
});

const retryJob = defineRoute(admin, {
  method: "post",
  path: "/jobs/failed/{id}/retry",
  summary: "Queue a failed job again",
  tags,
  request: { params: FailureIdSchema },
  responses: {
    202: { description: "Queued again", content: json(JobFailureSchema) },
    404: { description: "Unknown" },
  },
});

/**
 * Admin-scope routes of an installation for its helpdesk integration: REST credentials
 * (write-only), Zendesk webhook setup, knowledge sync, and failed background jobs.
 */
export const helpdeskRoutes = openApiRouter()
  .openapi(readConnection, async (c) =>
    c.json(await getHelpdeskConnection({ ctx: tenantContext(c), input: {} }), 200),
  )
  .openapi(writeConnection, async (c) => {
    const connection = await setHelpdeskConnection({
      ctx: tenantContext(c),
      input: c.req.valid("json"),
    });
    return c.json(connection, 200);
  })
  .openapi(deleteConnection, async (c) => {
    await deleteHelpdeskConnection({ ctx: tenantContext(c), input: {} });
    return c.body(null, 204);
  })
  .openapi(testConnection, async (c) =>
    c.json(await testHelpdeskConnection({ ctx: tenantContext(c), input: {} }), 200),
  )
  .openapi(writeWebhookSecret, async (c) => {
    await setWebhookSecret({ ctx: tenantContext(c), input: c.req.valid("json") });
    return c.body(null, 204);
  })
  .openapi(zendeskSetup, async (c) => {
    const result = await setupZendeskWebhook({ ctx: tenantContext(c), input: c.req.valid("json") });
    return c.json(result, 200);
  })
  .openapi(knowledgeSync, async (c) => {
    const result = await syncKnowledgeNow({ ctx: tenantContext(c), input: c.req.valid("json") });
    return c.json(result, 200);
  })
  .openapi(failedJobs, async (c) => {
    const failures = await listJobFailures({ ctx: tenantContext(c), input: c.req.valid("query") });
    return c.json({ failures }, 200);
  })
  .openapi(retryJob, async (c) => {
    const failure = await retryFailedJob({ ctx: tenantContext(c), input: c.req.valid("param") });
    return c.json(failure, 202);
  });

/** Operator (ADMIN_TOKEN) variants: any REST base URL (self-hosted proxies, sandboxes, tests). */
export const helpdeskOperatorRoutes = openApiRouter()
  .openapi(operatorRead, async (c) => {
    const connection = await getInstallationHelpdeskConnection({
      ctx: c.get("ctx"),
      input: { installationId: c.req.valid("param").id },
    });
    return c.json(connection, 200);
  })
  .openapi(operatorWrite, async (c) => {
    const connection = await setInstallationHelpdeskConnection({
      ctx: c.get("ctx"),
      input: { installationId: c.req.valid("param").id, connection: c.req.valid("json") },
    });
    return c.json(connection, 200);
  });
