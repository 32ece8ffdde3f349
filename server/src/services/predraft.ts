import type { TicketContext } from "@tandem/shared";
import { eq } from "drizzle-orm";
import { HelpdeskApiError } from "../connectors/http";
import { freshdeskTicketContext, zendeskTicketContext } from "../connectors/ticket-context";
import type { ZendeskUser } from "../connectors/zendesk";
import { type InstallationRow, installations, jobFailures } from "../db/schema";
import { resolveModel } from "../llm";
import type { ServiceContext } from "../types";
import { ticketRevision as revisionOf } from "./drafting/context";
import {
  type ConnectorOptions,
  type HelpdeskClient,
  helpdeskClientFor,
} from "./helpdesk-connections";
import { claimRevision, existingDraft, finishClaim, liveClaims } from "./predraft-claims";
import { takeToken } from "./rate-limit";
import type { SystemVerbArgs } from "./verb-args";

export const PREDRAFT_QUEUE = "predraft";

export interface PredraftJobData {
  installationId: string;
  ticketId: string;
  /** Present when the webhook carried the whole ticket; otherwise it is read over REST. */
  ticket?: TicketContext;
  event?: string | null;
  /** How many times the job was put back because of a limit (not a failure). */
  deferrals?: number;
}

export interface PredraftSettings {
  /** Pre-drafts running at once per installation, across all server processes. */
  concurrencyPerInstallation: number;
  /** Model calls per minute for pre-drafts, across all processes (0 = unlimited). */
  modelRequestsPerMinute: number;
  modelBurst: number;
  /** How long a running pre-draft holds its revision before another worker may take over. */
  leaseSeconds: number;
  /** A deferred job waits at least this long before it runs again. */
  deferSeconds: number;
  maxDeferrals: number;
}

export const defaultPredraftSettings: PredraftSettings = {
  concurrencyPerInstallation: 4,
  modelRequestsPerMinute: 600,
  modelBurst: 50,
  leaseSeconds: 180,
  deferSeconds: 1,
  maxDeferrals: 300,
};

export interface GeneratedDraft {
  id: string;
  mode: "model" | "offline";
}

/** Drafts one ticket (the drafting service with origin "webhook"); injected so tests can count calls. */
export type PredraftGenerator = (input: {
  installation: InstallationRow;
  ticket: TicketContext;
  ticketRevision: string;
}) => Promise<GeneratedDraft>;

/** One pre-draft run: the job, the limits, and the drafting call (a seam tests replace). */
export interface PredraftRun {
  job: { id: string; data: PredraftJobData };
  settings: PredraftSettings;
  generate: PredraftGenerator;
  /** Whether a model (not the offline drafter) will be called: only then the rate limit applies. */
  usesModel?: () => boolean;
  connector?: ConnectorOptions;
}

export type PredraftOutcome =
  | { outcome: "drafted"; draftId: string; ticketRevision: string }
  | { outcome: "already_drafted"; draftId: string | null; ticketRevision: string }
  | { outcome: "in_progress"; ticketRevision: string }
  | { outcome: "skipped"; reason: string }
  | { outcome: "deferred"; reason: string; delayMs: number }
  | { outcome: "failed"; kind: string; reason: string };

/** A failure that retrying will not fix (bad credentials, deleted ticket…). */
export class PermanentJobError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
    this.name = "PermanentJobError";
  }
}

/** A failure worth retrying with backoff. */
export class RetryableJobError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
    this.name = "RetryableJobError";
  }
}

/** Reads a ticket over the helpdesk's REST API and builds the sidebar's TicketContext from it. */
export async function fetchTicketContext(
  helpdesk: HelpdeskClient,
  ticketId: string,
): Promise<TicketContext> {
  if (helpdesk.platform === "zendesk") {
    const { client } = helpdesk;
    const ticket = await client.getTicket(ticketId);
    const [{ comments, users }, group] = await Promise.all([
      client.listComments(ticketId),
      ticket.group_id ? client.getGroup(ticket.group_id).catch(() => null) : null,
    ]);
    let requester: ZendeskUser | undefined = users.find((u) => u.id === ticket.requester_id);
    requester ??= await client.getUser(ticket.requester_id);
    return zendeskTicketContext({ ticket, comments, users, requester, group });
  }
  const { client } = helpdesk;
  const ticket = await client.getTicket(ticketId);
  // The embedded list is capped; read the whole thread when it may be longer.
  const embedded = ticket.conversations ?? [];
  const conversations = embedded.length >= 10 ? await client.listConversations(ticketId) : embedded;
  return freshdeskTicketContext({ ticket, conversations });
}

function classifyHelpdeskError(err: HelpdeskApiError): Error {
  switch (err.kind) {
    case "auth":
    case "forbidden":
      return new PermanentJobError(
        "helpdesk_auth",
        `${err.message}: update the helpdesk API credentials`,
      );
    case "not_found":
      return new PermanentJobError(
        "helpdesk_not_found",
        "The ticket no longer exists in the helpdesk",
      );
    case "bad_request":
      return new PermanentJobError("helpdesk_request", err.message);
    default:
      return new RetryableJobError("helpdesk_unavailable", err.message);
  }
}

/** The newest public message is the customer's: there is something to reply to. */
export function awaitsReply(ticket: TicketContext): boolean {
  for (let i = ticket.messages.length - 1; i >= 0; i--) {
    const message = ticket.messages[i];
    if (message?.public) return message.author === "customer";
  }
  return false;
}

/**
 * One run of a pre-draft job: read the ticket, skip what needs no reply or is drafted already,
 * respect the per-installation and model limits (deferring instead of failing), then draft.
 * Throws PermanentJobError / RetryableJobError; the worker decides about retries.
 */
export async function runPredraft({
  ctx,
  input: run,
}: SystemVerbArgs<PredraftRun>): Promise<PredraftOutcome> {
  const { job, settings } = run;
  const { installationId, ticketId } = job.data;
  const [installation] = await ctx.db
    .select()
    .from(installations)
    .where(eq(installations.id, installationId));
  if (!installation) return { outcome: "skipped", reason: "installation deleted" };
  // Saturated installation: wait before spending a helpdesk API call on the ticket.
  if ((await liveClaims(ctx.db, installationId)) >= settings.concurrencyPerInstallation) {
    return {
      outcome: "deferred",
      reason: "installation at its pre-draft concurrency limit",
      delayMs: settings.deferSeconds * 1000,
    };
  }

  let ticket = job.data.ticket ?? null;
  if (!ticket) {
    const helpdesk = await helpdeskClientFor(ctx, installation, run.connector);
    if (!helpdesk) {
      throw new PermanentJobError(
        "not_configured",
        "No helpdesk API credentials are stored, so the ticket cannot be read",
      );
    }
    try {
      ticket = await fetchTicketContext(helpdesk, ticketId);
    } catch (err) {
      if (err instanceof HelpdeskApiError) {
        if (err.kind === "rate_limited") {
          return {
            outcome: "deferred",
            reason: err.message,
            delayMs: err.retryAfterMs ?? 60_000,
          };
        }
        throw classifyHelpdeskError(err);
      }
      throw err;
    }
  }

  if (!awaitsReply(ticket)) {
    return { outcome: "skipped", reason: "the newest public message is not the customer's" };
  }
  const ticketRevision = revisionOf(ticket);
  const done = await existingDraft(ctx, installationId, ticketId, ticketRevision);
  if (done) return { outcome: "already_drafted", draftId: done, ticketRevision };

  const claimKey = { installationId, ticketId, ticketRevision };
  const claim = await claimRevision(ctx, { ...claimKey, jobId: job.id }, settings);
  if (claim === "done") return { outcome: "already_drafted", draftId: null, ticketRevision };
  if (claim === "busy") return { outcome: "in_progress", ticketRevision };
  if (claim === "saturated") {
    return {
      outcome: "deferred",
      reason: "installation at its pre-draft concurrency limit",
      delayMs: settings.deferSeconds * 1000,
    };
  }

  const usesModel = run.usesModel ?? (() => resolveModel(ctx) !== null);
  if (usesModel() && settings.modelRequestsPerMinute > 0) {
    const wait = await takeToken({
      ctx,
      input: {
        key: "model:predraft",
        limit: { perMinute: settings.modelRequestsPerMinute, burst: settings.modelBurst },
      },
    });
    if (wait > 0) {
      await finishClaim(ctx, claimKey, { state: "released" });
      return {
        outcome: "deferred",
        reason: "model rate limit for pre-drafts",
        delayMs: Math.max(wait, settings.deferSeconds * 1000),
      };
    }
  }

  try {
    const draft = await run.generate({ installation, ticket, ticketRevision });
    await finishClaim(ctx, claimKey, { state: "done", draftId: draft.id });
    return { outcome: "drafted", draftId: draft.id, ticketRevision };
  } catch (err) {
    await finishClaim(ctx, claimKey, { state: "failed" });
    if (err instanceof PermanentJobError || err instanceof RetryableJobError) throw err;
    ctx.logger.warn({ err, installationId, ticketId }, "pre-draft generation failed");
    throw new RetryableJobError("drafting", "Drafting failed; the job will retry");
  }
}

/** Writes the dead letter an admin sees: identifiers and the reason, never ticket content. */
export async function recordJobFailure({
  ctx,
  input,
}: SystemVerbArgs<{
  installationId: string;
  queue: string;
  jobId: string;
  ticketId: string | null;
  kind: string;
  reason: string;
  attempts: number;
  data?: Record<string, unknown>;
}>): Promise<void> {
  await ctx.db
    .insert(jobFailures)
    .values({ ...input, reason: input.reason.slice(0, 1_000), data: input.data ?? {} })
    // The installation may be gone by now; nothing to record then.
    .catch((err: unknown) => ctx.logger.warn({ err }, "could not record job failure"));
}

/** Singleton key: one queued job per ticket (or per revision when the ticket travels along). */
export function predraftSingletonKey(
  installationId: string,
  ticketId: string,
  revision: string | null,
): string {
  return revision ? `${installationId}:${ticketId}:${revision}` : `${installationId}:${ticketId}`;
}

/**
 * Queues the pre-draft of a ticket on `ctx.jobs`: one queued job per ticket (per revision when
 * the ticket travels along). Answers the job id, or null when it collapsed into a queued one.
 */
export async function enqueuePredraft({
  ctx,
  input,
}: {
  ctx: Pick<ServiceContext, "jobs">;
  input: {
    installationId: string;
    ticketId: string;
    ticket?: TicketContext | null;
    event: string | null;
  };
}): Promise<string | null> {
  if (!ctx.jobs) throw new Error("enqueuePredraft needs a job queue");
  const { installationId, ticketId, ticket, event } = input;
  const data: PredraftJobData = { installationId, ticketId, ...(ticket ? { ticket } : {}), event };
  return ctx.jobs.send(PREDRAFT_QUEUE, data, {
    singletonKey: predraftSingletonKey(
      installationId,
      ticketId,
      ticket ? revisionOf(ticket) : null,
    ),
  });
}
