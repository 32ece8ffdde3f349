import { createHmac } from "node:crypto";
import { type TicketContext, TicketContextSchema, type WebhookAccepted } from "@tandem/shared";
import { eq, lt } from "drizzle-orm";
import { type InstallationRow, webhookDeliveries } from "../db/schema";
import { AppError } from "../errors";
import { safeEqual, sha256 } from "../lib/crypto";
import type { ServiceContext } from "../types";
import { getConnectionRow } from "./helpdesk-connections";
import { getInstallationRow, webhookSecretOf } from "./installations";
import { enqueuePredraft } from "./predraft";
import type { SystemVerbArgs } from "./verb-args";

/** Header naming the installation when the URL cannot (both helpdesks allow custom headers). */
export const INSTALLATION_HEADER = "x-tandem-installation";
/** Freshdesk has no signature: its automation rule sends the webhook secret in this header. */
export const FRESHDESK_SECRET_HEADER = "x-tandem-webhook-secret";

/** Signed timestamps older (or further in the future) than this are refused as replays. */
export const REPLAY_WINDOW_MS = 5 * 60_000;
/** Delivery keys are remembered this long (covers Freshdesk's 5 + 30 + 60 min retries). */
export const DEDUPE_RETENTION_MS = 24 * 60 * 60_000;

/** The static secret Zendesk signs test deliveries from the webhook builder with. */
export const ZENDESK_TEST_SIGNING_SECRET = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==";

export function zendeskSignature(secret: string, timestamp: string, rawBody: Buffer | string) {
  return createHmac("sha256", secret).update(timestamp).update(rawBody).digest("base64");
}

export type SignatureCheck =
  | { ok: true }
  | { ok: false; reason: "missing" | "mismatch" | "bad_timestamp" | "stale" };

/**
 * Zendesk: base64(HMAC-SHA256(secret as-is, TIMESTAMP + RAW_BODY)), compared in constant time,
 * and the signed timestamp must lie within the replay window.
 */
export function verifyZendeskSignature(input: {
  secret: string;
  signature: string | undefined;
  timestamp: string | undefined;
  rawBody: Buffer;
  now: Date;
  windowMs?: number;
}): SignatureCheck {
  const { signature, timestamp } = input;
  if (!signature || !timestamp) return { ok: false, reason: "missing" };
  if (signature.length > 200 || timestamp.length > 100) return { ok: false, reason: "mismatch" };
  const expected = zendeskSignature(input.secret, timestamp, input.rawBody);
  if (!safeEqual(signature.trim(), expected)) return { ok: false, reason: "mismatch" };
  const at = Date.parse(timestamp);
  if (!Number.isFinite(at)) return { ok: false, reason: "bad_timestamp" };
  if (Math.abs(input.now.getTime() - at) > (input.windowMs ?? REPLAY_WINDOW_MS)) {
    return { ok: false, reason: "stale" };
  }
  return { ok: true };
}

export const SIGNATURE_MESSAGES: Record<Exclude<SignatureCheck, { ok: true }>["reason"], string> = {
  missing: "Missing X-Zendesk-Webhook-Signature or X-Zendesk-Webhook-Signature-Timestamp",
  mismatch: "Webhook signature does not match",
  bad_timestamp: "Webhook signature timestamp is not a date",
  stale: "Webhook signature timestamp is outside the replay window",
};

/** What a delivery asks of us, whichever helpdesk and body style sent it. */
export interface WebhookEvent {
  ticketId: string | null;
  event: string | null;
  /** A full ticket in our own contract, when the sender included one (custom integrations). */
  ticket: TicketContext | null;
  /** An id the sender gave this delivery or event, if any. */
  deliveryId: string | null;
  /** Whether the body carries something that differs between two events on one ticket. */
  hasEventMarker: boolean;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function idString(value: unknown): string | null {
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === "string") {
    const trimmed = value.trim();
    if (/^[A-Za-z0-9._:-]{1,128}$/.test(trimmed)) return trimmed;
  }
  return null;
}

function shortString(value: unknown, max = 200): string | null {
  return typeof value === "string" && value.length > 0 ? value.slice(0, max) : null;
}

export function parseJsonBody(raw: Buffer): Json {
  if (raw.length === 0) throw new AppError("BAD_REQUEST", "Webhook body is empty");
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString("utf8"));
  } catch {
    throw new AppError("BAD_REQUEST", "Webhook body is not valid JSON");
  }
  if (!isObject(parsed)) throw new AppError("BAD_REQUEST", "Webhook body must be a JSON object");
  return parsed;
}

function parseTicket(body: Json, platform: "zendesk" | "freshdesk"): TicketContext | null {
  if (!isObject(body.ticket) || !Array.isArray(body.ticket.messages)) return null;
  const result = TicketContextSchema.safeParse(body.ticket);
  if (!result.success) {
    throw new AppError("BAD_REQUEST", "Webhook `ticket` is not a valid TicketContext");
  }
  if (result.data.platform !== platform) {
    throw new AppError("BAD_REQUEST", `Webhook \`ticket.platform\` must be ${platform}`);
  }
  return result.data;
}

/** A delivery id, or any of the body's per-event fields (`markers`), marks one event. */
function webhookEvent({
  markers,
  ...event
}: Omit<WebhookEvent, "hasEventMarker"> & { markers: (string | null)[] }): WebhookEvent {
  const hasEventMarker = event.deliveryId !== null || markers.some((marker) => marker !== null);
  return { ...event, hasEventMarker };
}

/**
 * Zendesk bodies: our trigger's `{ ticket_id, event, updated_at }`, Zendesk's own event
 * subscriptions (`{ id, type: "zen:event-type:ticket.…", detail: { id } }`), or a body with a
 * full `ticket` in our contract.
 */
export function parseZendeskEvent(body: Json): WebhookEvent {
  const ticket = parseTicket(body, "zendesk");
  const detail = isObject(body.detail) ? body.detail : null;
  const ticketObj = isObject(body.ticket) ? body.ticket : null;
  return webhookEvent({
    ticket,
    ticketId:
      ticket?.id ?? idString(body.ticket_id) ?? idString(ticketObj?.id) ?? idString(detail?.id),
    event: shortString(body.event) ?? shortString(body.type),
    deliveryId: idString(body.delivery_id) ?? (detail ? idString(body.id) : null),
    markers: [shortString(body.updated_at), shortString(body.comment_id)],
  });
}

/**
 * Freshdesk bodies: the "Advanced" JSON we document (`{ ticket_id, event, … }`), the "Simple"
 * form wrapped in `freshdesk_webhook`, or a body with a full `ticket` in our contract.
 */
export function parseFreshdeskEvent(body: Json): WebhookEvent {
  const ticket = parseTicket(body, "freshdesk");
  const inner = isObject(body.freshdesk_webhook) ? body.freshdesk_webhook : body;
  return webhookEvent({
    ticket,
    ticketId: ticket?.id ?? idString(inner.ticket_id) ?? idString(body.ticket_id),
    event: shortString(inner.event) ?? shortString(inner.triggered_event),
    deliveryId: idString(body.delivery_id),
    markers: [shortString(inner.latest_comment, 100_000), shortString(inner.updated_at)],
  });
}

/**
 * The key a redelivery of the same event maps to. Preference: the helpdesk's delivery id; else
 * the body when it carries a per-event marker; else body + signed timestamp (so two identical
 * bodies for two real events are not merged unless they also share a timestamp).
 */
export function deliveryKey(input: {
  headerId: string | null;
  event: WebhookEvent;
  rawBody: Buffer;
  timestamp: string | null;
}): string {
  if (input.headerId) return `h:${sha256(input.headerId)}`;
  if (input.event.deliveryId) return `d:${sha256(input.event.deliveryId)}`;
  const body = input.rawBody.toString("utf8");
  if (input.event.hasEventMarker || !input.timestamp) return `b:${sha256(body)}`;
  return `t:${sha256(`${input.timestamp}\u0000${body}`)}`;
}

/**
 * Records the delivery (refusing a duplicate) and enqueues the pre-draft on `ctx.jobs`. No model
 * or helpdesk call happens here: the webhook answers as soon as the job is durable.
 */
async function acceptWebhook(
  ctx: ServiceContext,
  input: { installation: InstallationRow; event: WebhookEvent; key: string },
): Promise<WebhookAccepted> {
  const { installation, event } = input;
  const ticketId = event.ticketId;
  let outcome: "queued" | "skipped" = "queued";
  let reason: string | undefined;
  if (!ticketId) {
    outcome = "skipped";
    reason = "The body names no ticket (expected ticket_id)";
  } else if (!ctx.jobs) {
    outcome = "skipped";
    reason = "Background jobs are not running on this server";
  } else if (!event.ticket && !(await getConnectionRow(ctx.db, installation.id))) {
    outcome = "skipped";
    reason = "No helpdesk API credentials are stored, so the ticket cannot be read";
  }

  const [row] = await ctx.db
    .insert(webhookDeliveries)
    .values({
      installationId: installation.id,
      platform: installation.platform,
      deliveryKey: input.key,
      ticketId,
      event: event.event,
      outcome,
      reason: reason ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: webhookDeliveries.id });
  if (!row) return { accepted: true, outcome: "duplicate", ticketId };
  if (outcome === "skipped" || !ticketId) {
    ctx.logger.info({ installationId: installation.id, ticketId, reason }, "webhook skipped");
    return { accepted: true, outcome, ticketId, ...(reason ? { reason } : {}) };
  }

  try {
    const jobId = await enqueuePredraft({
      ctx,
      input: {
        installationId: installation.id,
        ticketId,
        ticket: event.ticket,
        event: event.event,
      },
    });
    if (jobId) {
      await ctx.db.update(webhookDeliveries).set({ jobId }).where(eq(webhookDeliveries.id, row.id));
    }
  } catch (err) {
    // The helpdesk retries non-2xx deliveries: forget this one so the retry is not a "duplicate".
    await ctx.db.delete(webhookDeliveries).where(eq(webhookDeliveries.id, row.id));
    ctx.logger.error({ err, installationId: installation.id }, "could not enqueue pre-draft");
    throw new AppError("UNAVAILABLE", "Could not queue the pre-draft; retry later");
  }
  return { accepted: true, outcome: "queued", ticketId };
}

/** One delivery as it arrived: the exact bytes (the signature covers them) and its headers. */
export interface WebhookDelivery {
  /** The id the URL names (`/…/:installationId` or `?installation=`), if any. */
  installationId: string | undefined;
  /** Request headers, names in lower case. */
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const unknownInstallation = () =>
  new AppError("UNAUTHORIZED", "Unknown installation or bad webhook credentials");

function basicCredentials(header: string | undefined): { user: string; password: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header?.trim() ?? "");
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * The installation a delivery is for: the URL's id, the X-Tandem-Installation header, or
 * (Freshdesk) the Basic-auth user name. Unknown → 401, the same as a bad signature, so ids
 * cannot be probed.
 */
async function installationOf(
  ctx: ServiceContext,
  delivery: WebhookDelivery,
  platform: "zendesk" | "freshdesk",
  fallbackId: string | null = null,
): Promise<InstallationRow> {
  const id = delivery.installationId ?? delivery.headers[INSTALLATION_HEADER] ?? fallbackId;
  if (!id || !UUID.test(id)) throw unknownInstallation();
  const row = await getInstallationRow(ctx.db, id.toLowerCase()).catch(() => null);
  if (!row || row.platform !== platform) throw unknownInstallation();
  return row;
}

/**
 * A Zendesk delivery: checks the signature over the raw body within the replay window, ignores
 * redeliveries and queues a pre-draft. A "Test webhook" from Zendesk's builder (signed with its
 * published static secret) is acknowledged so admins can check connectivity, but acts on nothing.
 */
export async function receiveZendeskWebhook({
  ctx,
  input: delivery,
}: SystemVerbArgs<WebhookDelivery>): Promise<WebhookAccepted> {
  const installation = await installationOf(ctx, delivery, "zendesk");
  const rawBody = delivery.rawBody;
  const signature = delivery.headers["x-zendesk-webhook-signature"];
  const timestamp = delivery.headers["x-zendesk-webhook-signature-timestamp"];
  const now = ctx.clock.now();
  const secret = webhookSecretOf(ctx, installation);
  const check = verifyZendeskSignature({ secret, signature, timestamp, rawBody, now });
  if (!check.ok) {
    const test =
      check.reason === "mismatch" &&
      secret !== ZENDESK_TEST_SIGNING_SECRET &&
      verifyZendeskSignature({
        secret: ZENDESK_TEST_SIGNING_SECRET,
        signature,
        timestamp,
        rawBody,
        now,
      }).ok;
    if (test) {
      return {
        accepted: true,
        outcome: "skipped",
        ticketId: null,
        reason: "Test delivery signed with Zendesk's test secret: nothing was queued",
      };
    }
    throw new AppError("UNAUTHORIZED", SIGNATURE_MESSAGES[check.reason]);
  }
  const event = parseZendeskEvent(parseJsonBody(rawBody));
  const key = deliveryKey({
    headerId: delivery.headers["x-zendesk-webhook-invocation-id"] ?? null,
    event,
    rawBody,
    timestamp: timestamp ?? null,
  });
  return acceptWebhook(ctx, { installation, event, key });
}

/**
 * A Freshdesk delivery: the installation's webhook secret (header or Basic auth), compared in
 * constant time; then like Zendesk's.
 */
export async function receiveFreshdeskWebhook({
  ctx,
  input: delivery,
}: SystemVerbArgs<WebhookDelivery>): Promise<WebhookAccepted> {
  const basic = basicCredentials(delivery.headers.authorization);
  const installation = await installationOf(ctx, delivery, "freshdesk", basic?.user ?? null);
  const presented = delivery.headers[FRESHDESK_SECRET_HEADER] ?? basic?.password;
  if (
    !presented ||
    presented.length > 500 ||
    !safeEqual(presented, webhookSecretOf(ctx, installation))
  ) {
    throw unknownInstallation();
  }
  const event = parseFreshdeskEvent(parseJsonBody(delivery.rawBody));
  const key = deliveryKey({ headerId: null, event, rawBody: delivery.rawBody, timestamp: null });
  return acceptWebhook(ctx, { installation, event, key });
}

export async function pruneWebhookDeliveries(ctx: ServiceContext): Promise<number> {
  const cutoff = new Date(ctx.clock.now().getTime() - DEDUPE_RETENTION_MS);
  const rows = await ctx.db
    .delete(webhookDeliveries)
    .where(lt(webhookDeliveries.receivedAt, cutoff))
    .returning({ id: webhookDeliveries.id });
  return rows.length;
}
