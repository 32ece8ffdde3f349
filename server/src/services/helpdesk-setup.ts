import type { JobFailure } from "@tandem/shared";
import { and, desc, eq, type SQL } from "drizzle-orm";
import { HelpdeskApiError } from "../connectors/http";
import type { ZendeskClient } from "../connectors/zendesk";
import { helpdeskConnections, type JobFailureRow, jobFailures } from "../db/schema";
import { AppError } from "../errors";
import type { TenantContext } from "../types";
import {
  clientFromRow,
  getConnectionRow,
  setWebhookSecret,
  webhookUrlFor,
} from "./helpdesk-connections";
import { getInstallationRow } from "./installations";
import { KNOWLEDGE_SYNC_QUEUE, syncKnowledge } from "./knowledge-sync";
import { enqueuePredraft, PREDRAFT_QUEUE } from "./predraft";
import type { VerbArgs } from "./verb-args";

/** A helpdesk failure during an admin action, as the contract's error (no upstream text). */
export function appErrorFromHelpdesk(err: unknown): unknown {
  if (!(err instanceof HelpdeskApiError)) return err;
  switch (err.kind) {
    case "auth":
    case "forbidden":
    case "bad_request":
    case "not_found":
      return new AppError("BAD_REQUEST", err.message);
    case "rate_limited":
      return new AppError("RATE_LIMITED", err.message);
    default:
      return new AppError("UNAVAILABLE", err.message);
  }
}

async function connectedClient(ctx: TenantContext) {
  const { installationId } = ctx.tenant;
  const installation = await getInstallationRow(ctx.db, installationId);
  const row = await getConnectionRow(ctx.db, installationId);
  if (!row) throw new AppError("BAD_REQUEST", "Store the helpdesk API credentials first");
  return { installation, row, helpdesk: clientFromRow(ctx, installation, row) };
}

/** Checks the stored credentials with one cheap authenticated call. */
export async function testHelpdeskConnection({
  ctx,
}: VerbArgs<object>): Promise<{ ok: true; platform: "zendesk" | "freshdesk" }> {
  const { helpdesk } = await connectedClient(ctx);
  try {
    await helpdesk.client.me();
  } catch (err) {
    throw appErrorFromHelpdesk(err);
  }
  return { ok: true, platform: helpdesk.platform };
}

/** The JSON body Zendesk sends; placeholders are rendered by Zendesk at delivery time. */
export const ZENDESK_TRIGGER_BODY = JSON.stringify({
  ticket_id: "{{ticket.id}}",
  updated_at: "{{ticket.updated_at_with_timestamp}}",
  event: "ticket.customer_message",
});

export function zendeskTrigger(webhookId: string) {
  return {
    title: "Tandem: pre-draft on new ticket or customer reply",
    description:
      "Created by Tandem. Tells the Tandem server to prepare a draft reply before an agent opens the ticket.",
    active: true,
    conditions: {
      // A public comment, on a new ticket or from the customer.
      all: [{ field: "comment_is_public", operator: "is", value: "true" }],
      any: [
        { field: "update_type", operator: "is", value: "Create" },
        { field: "role", operator: "is", value: "end_user" },
      ],
    },
    actions: [{ field: "notification_webhook", value: [webhookId, ZENDESK_TRIGGER_BODY] }],
  };
}

async function upsertWithRecreate(
  id: string | null,
  upsert: (id: string | null) => Promise<{ id: string }>,
): Promise<{ id: string }> {
  try {
    return await upsert(id);
  } catch (err) {
    // Deleted in Zendesk since we created it: make a new one.
    if (id && err instanceof HelpdeskApiError && err.kind === "not_found") return upsert(null);
    throw err;
  }
}

/**
 * Creates (or updates) the Zendesk webhook pointing at this server and the trigger that calls it,
 * through the REST API with the stored credentials, and stores the webhook's signing secret as
 * the installation's webhook secret. Idempotent: re-running updates the same objects.
 */
export async function setupZendeskWebhook({ ctx, input }: VerbArgs<{ publicUrl?: string }>) {
  const { installation, row, helpdesk } = await connectedClient(ctx);
  if (helpdesk.platform !== "zendesk") {
    throw new AppError(
      "BAD_REQUEST",
      "Automatic setup is for Zendesk; Freshdesk needs an automation rule (see WEBHOOKS.md)",
    );
  }
  const client: ZendeskClient = helpdesk.client;
  const endpoint = webhookUrlFor(input.publicUrl ?? ctx.config.publicUrl, installation);
  try {
    const webhook = await upsertWithRecreate(row.zendeskWebhookId, (id) =>
      client.upsertWebhook(id, {
        name: `Tandem pre-drafting (${installation.subdomain})`,
        endpoint,
        status: "active",
        http_method: "POST",
        request_format: "json",
        subscriptions: ["conditional_ticket_events"],
      }),
    );
    const secret = await client.getWebhookSigningSecret(webhook.id);
    await setWebhookSecret({ ctx, input: { webhookSecret: secret } });
    const trigger = await upsertWithRecreate(row.zendeskTriggerId, (id) =>
      client.upsertTrigger(id, zendeskTrigger(webhook.id)),
    );
    await ctx.db
      .update(helpdeskConnections)
      .set({ zendeskWebhookId: webhook.id, zendeskTriggerId: trigger.id })
      .where(eq(helpdeskConnections.installationId, installation.id));
    return { webhookId: webhook.id, triggerId: trigger.id, endpoint, signingSecretStored: true };
  } catch (err) {
    throw appErrorFromHelpdesk(err);
  }
}

export function toJobFailure(row: JobFailureRow): JobFailure {
  return {
    id: row.id,
    queue: row.queue,
    jobId: row.jobId,
    ticketId: row.ticketId,
    kind: row.kind,
    reason: row.reason,
    attempts: row.attempts,
    retriedAt: row.retriedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Syncs the help-center articles now, at an admin's request (helpdesk errors as the contract's). */
export async function syncKnowledgeNow({ ctx, input }: VerbArgs<{ full?: boolean }>) {
  try {
    return await syncKnowledge({ ctx, input: { full: input.full } });
  } catch (err) {
    throw appErrorFromHelpdesk(err);
  }
}

export async function listJobFailures({
  ctx,
  input: query,
}: VerbArgs<{ ticketId?: string; kind?: string; limit: number }>): Promise<JobFailure[]> {
  const filters: SQL[] = [eq(jobFailures.installationId, ctx.tenant.installationId)];
  if (query.ticketId) filters.push(eq(jobFailures.ticketId, query.ticketId));
  if (query.kind) filters.push(eq(jobFailures.kind, query.kind));
  const rows = await ctx.db
    .select()
    .from(jobFailures)
    .where(and(...filters))
    .orderBy(desc(jobFailures.createdAt))
    .limit(query.limit);
  return rows.map(toJobFailure);
}

async function getJobFailure(ctx: TenantContext, id: string): Promise<JobFailureRow> {
  const [row] = await ctx.db
    .select()
    .from(jobFailures)
    .where(and(eq(jobFailures.id, id), eq(jobFailures.installationId, ctx.tenant.installationId)));
  if (!row) throw new AppError("NOT_FOUND", "Failed job not found");
  return row;
}

/** Queues a dead-lettered pre-draft or knowledge sync again and marks the failure retried. */
export async function retryFailedJob({
  ctx,
  input,
}: VerbArgs<{ id: string }>): Promise<JobFailure> {
  const failure = await getJobFailure(ctx, input.id);
  const { installationId } = ctx.tenant;
  if (!ctx.jobs)
    throw new AppError("UNAVAILABLE", "Background jobs are not running on this server");
  if (failure.queue === PREDRAFT_QUEUE && failure.ticketId) {
    await enqueuePredraft({
      ctx,
      input: { installationId, ticketId: failure.ticketId, event: "retry" },
    });
  } else if (failure.queue === KNOWLEDGE_SYNC_QUEUE) {
    await ctx.jobs.send(KNOWLEDGE_SYNC_QUEUE, { installationId, full: true });
  } else {
    throw new AppError("CONFLICT", "This failed job cannot be retried");
  }
  const [row] = await ctx.db
    .update(jobFailures)
    .set({ retriedAt: ctx.clock.now() })
    .where(eq(jobFailures.id, failure.id))
    .returning();
  if (!row) throw new AppError("NOT_FOUND", "Failed job not found");
  return toJobFailure(row);
}
