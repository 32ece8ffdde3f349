import type { TicketContext } from "@tandem/shared";
import { and, count, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { HelpdeskApiError } from "../connectors/http";
import { freshdeskTicketContext, zendeskTicketContext } from "../connectors/ticket-context";
import type { ZendeskUser } from "../connectors/zendesk";
import type { DbOrTx } from "../db/client";
import {
  drafts,
  type InstallationRow,
  installations,
  jobFailures,
  predraftClaims,
} from "../db/schema";
import type { ServiceContext } from "../types";
import {
  type ConnectorOptions,
  type HelpdeskClient,
  helpdeskClientFor,
} from "./helpdesk-connections";
import { takeToken } from "./rate-limit";

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

export interface PredraftDeps {
  ctx: ServiceContext;
  generate: PredraftGenerator;
  revisionOf: (ticket: TicketContext) => string;
  /** Whether a model (not the offline drafter) will be called: only then the rate limit applies. */
  usesModel: () => boolean;
  settings: PredraftSettings;
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

async function existingDraft(
  ctx: ServiceContext,
  installationId: string,
  ticketId: string,
  ticketRevision: string,
): Promise<string | null> {
  const [row] = await ctx.db
    .select({ id: drafts.id })
    .from(drafts)
    .where(
      and(
        eq(drafts.installationId, installationId),
        eq(drafts.ticketId, ticketId),
        eq(drafts.ticketRevision, ticketRevision),
        isNull(drafts.instruction),
      ),
    )
    .orderBy(desc(drafts.createdAt))
    .limit(1);
  return row?.id ?? null;
}

type Claim = "claimed" | "done" | "busy" | "saturated";

async function liveClaims(db: DbOrTx, installationId: string): Promise<number> {
  const [live] = await db
    .select({ n: count() })
    .from(predraftClaims)
    .where(
      and(
        eq(predraftClaims.installationId, installationId),
        eq(predraftClaims.state, "running"),
        gt(predraftClaims.leaseUntil, sql`now()`),
      ),
    );
  return live?.n ?? 0;
}

/**
 * Takes the revision for this job: at most one live claim per revision (primary key + lease),
 * and at most `limit` live claims per installation. The advisory lock makes count-then-insert
 * atomic across processes; it is released at commit.
 */
async function claimRevision(
  ctx: ServiceContext,
  input: { installationId: string; ticketId: string; ticketRevision: string; jobId: string },
  settings: PredraftSettings,
): Promise<Claim> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext(${`predraft:${input.installationId}`}))`,
    );
    const key = and(
      eq(predraftClaims.installationId, input.installationId),
      eq(predraftClaims.ticketId, input.ticketId),
      eq(predraftClaims.ticketRevision, input.ticketRevision),
    );
    const [existing] = await tx
      .select({
        state: predraftClaims.state,
        live: sql<boolean>`${predraftClaims.leaseUntil} > now()`,
      })
      .from(predraftClaims)
      .where(key);
    if (existing?.state === "done") return "done";
    if (existing?.state === "running" && existing.live) return "busy";
    if ((await liveClaims(tx, input.installationId)) >= settings.concurrencyPerInstallation) {
      return "saturated";
    }
    const leaseUntil = sql`now() + make_interval(secs => ${settings.leaseSeconds})`;
    await tx
      .insert(predraftClaims)
      .values({ ...input, state: "running", leaseUntil, attempts: 1 })
      .onConflictDoUpdate({
        target: [
          predraftClaims.installationId,
          predraftClaims.ticketId,
          predraftClaims.ticketRevision,
        ],
        set: {
          state: "running",
          jobId: input.jobId,
          leaseUntil,
          attempts: sql`${predraftClaims.attempts} + 1`,
          updatedAt: sql`now()`,
        },
      });
    return "claimed";
  });
}

async function finishClaim(
  ctx: ServiceContext,
  input: { installationId: string; ticketId: string; ticketRevision: string },
  result: { state: "done"; draftId: string } | { state: "failed" } | { state: "released" },
) {
  const key = and(
    eq(predraftClaims.installationId, input.installationId),
    eq(predraftClaims.ticketId, input.ticketId),
    eq(predraftClaims.ticketRevision, input.ticketRevision),
  );
  if (result.state === "released") {
    await ctx.db.delete(predraftClaims).where(and(key, eq(predraftClaims.state, "running")));
    return;
  }
  await ctx.db
    .update(predraftClaims)
    .set({
      state: result.state,
      draftId: result.state === "done" ? result.draftId : null,
      updatedAt: new Date(),
    })
    .where(key);
}

/**
 * One run of a pre-draft job: read the ticket, skip what needs no reply or is drafted already,
 * respect the per-installation and model limits (deferring instead of failing), then draft.
 * Throws PermanentJobError / RetryableJobError; the worker decides about retries.
 */
export async function runPredraft(
  deps: PredraftDeps,
  job: { id: string; data: PredraftJobData },
): Promise<PredraftOutcome> {
  const { ctx, settings } = deps;
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
    const helpdesk = await helpdeskClientFor(ctx, installation, deps.connector);
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
  const ticketRevision = deps.revisionOf(ticket);
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

  if (deps.usesModel() && settings.modelRequestsPerMinute > 0) {
    const wait = await takeToken(ctx.db, "model:predraft", {
      perMinute: settings.modelRequestsPerMinute,
      burst: settings.modelBurst,
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
    const draft = await deps.generate({ installation, ticket, ticketRevision });
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
export async function recordJobFailure(
  ctx: ServiceContext,
  input: {
    installationId: string;
    queue: string;
    jobId: string;
    ticketId: string | null;
    kind: string;
    reason: string;
    attempts: number;
    data?: Record<string, unknown>;
  },
): Promise<void> {
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
