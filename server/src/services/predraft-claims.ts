import { and, count, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { drafts, predraftClaims } from "../db/schema";
import type { ServiceContext } from "../types";
import type { PredraftSettings } from "./predraft";

/*
 * Pre-draft claims: one running pre-draft per ticket revision, and at most
 * `concurrencyPerInstallation` at once per installation, across every server process.
 */

export async function existingDraft(
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

export async function liveClaims(db: DbOrTx, installationId: string): Promise<number> {
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
export async function claimRevision(
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

export async function finishClaim(
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
