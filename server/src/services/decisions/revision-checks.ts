import { and, desc, eq, inArray, ne, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client";
import { type DraftRow, decisions, drafts } from "../../db/schema";
import { AppError } from "../../errors";
import { preparedPer } from "../../lib/prepared";

const decisionDraftQuery = preparedPer((db: Db) => {
  const installation = sql.placeholder("installationId");
  const seenRevision = sql.placeholder("seen");
  const latest = db
    .select({ revision: ticketDrafts.ticketRevision })
    .from(ticketDrafts)
    .where(
      and(
        eq(ticketDrafts.installationId, installation),
        eq(ticketDrafts.ticketId, drafts.ticketId),
      ),
    )
    .orderBy(desc(ticketDrafts.createdAt))
    .limit(1);
  // `in (revision, null)` is the draft's revision alone when the agent saw nothing newer.
  const taken = db
    .select({ id: decisions.id })
    .from(decisions)
    .where(
      and(
        eq(decisions.installationId, installation),
        eq(decisions.ticketId, drafts.ticketId),
        ne(decisions.draftId, drafts.id),
        or(
          sql`${decisions.ticketRevision} in (${drafts.ticketRevision}, ${seenRevision})`,
          sql`${decisions.seenTicketRevision} in (${drafts.ticketRevision}, ${seenRevision})`,
        ),
      ),
    )
    .limit(1);
  return db
    .select({
      draft: drafts,
      latestRevision: sql<string | null>`(${latest})`,
      revisionTaken: sql<boolean>`exists (${taken})`,
    })
    .from(drafts)
    .where(and(eq(drafts.id, sql.placeholder("draftId")), eq(drafts.installationId, installation)))
    .prepare("decision_draft");
});

/** The ticket's other drafts, beside the one being decided. */
const ticketDrafts = alias(drafts, "ticket_drafts");

/**
 * A draft with what its decision must be checked against, read in one statement: the ticket's
 * latest drafted revision, and whether another draft of the ticket already decided this revision
 * or the seen one (`revisionTaken`). Null when the draft is not the installation's.
 */
export async function findDraftForDecision(
  db: Db,
  installationId: string,
  draftId: string,
  seen: string | undefined,
): Promise<{ draft: DraftRow; latestRevision: string | null; revisionTaken: boolean } | null> {
  const query = decisionDraftQuery(db);
  const [found] = await query.execute({ installationId, draftId, seen: seen ?? null });
  return found ?? null;
}

/**
 * Stale without loss. A newer drafted revision means the customer wrote again after this draft:
 * the decision stands only when the agent read that latest revision (`seen`, recorded), else
 * `409 STALE_DRAFT`, as for a seen revision that is not the latest. One decision answers a
 * revision: when another draft already decided this one (or the seen one), `409 CONFLICT`.
 * Returns the revision to record, null when nothing newer was seen.
 */
export function seenRevisionOf(
  checked: { draft: DraftRow; latestRevision: string | null; revisionTaken: boolean },
  seen: string | undefined,
): string | null {
  const { draft } = checked;
  const latestRevision = checked.latestRevision ?? draft.ticketRevision;
  if (latestRevision !== draft.ticketRevision && seen === undefined) {
    throw new AppError(
      "STALE_DRAFT",
      "The ticket has a newer revision than this draft; read the new message and decide again, or refresh the draft",
    );
  }
  if (seen !== undefined && seen !== latestRevision) {
    throw new AppError(
      "STALE_DRAFT",
      "The revision you saw is not the ticket's latest; read the newest message before deciding",
    );
  }
  if (checked.revisionTaken) throw revisionTakenError();
  return seen !== undefined && seen !== draft.ticketRevision ? seen : null;
}

const otherDecisions = alias(decisions, "other_decisions");

/**
 * One decision answers a revision: true when another draft of the ticket already decided this
 * draft's revision or the newer one the agent saw. Checked early, and again inside the decision's
 * transaction after the per-ticket lock (in the RETURNING of the statement after the lock's),
 * so two tabs deciding two drafts of one revision at the same instant cannot both win (a unique
 * index could not say "this revision or the seen one").
 */
export function revisionTaken(draft: DraftRow, recorded: string | null): SQL<boolean> {
  const covered = recorded ? [draft.ticketRevision, recorded] : [draft.ticketRevision];
  const taken = sql`select 1 from ${decisions} as ${sql.identifier("other_decisions")} where ${and(
    eq(otherDecisions.installationId, draft.installationId),
    eq(otherDecisions.ticketId, draft.ticketId),
    ne(otherDecisions.draftId, draft.id),
    or(
      inArray(otherDecisions.ticketRevision, covered),
      inArray(otherDecisions.seenTicketRevision, covered),
    ),
  )}`;
  return sql<boolean>`exists (${taken})`;
}

export function revisionTakenError(): AppError {
  return new AppError(
    "CONFLICT",
    "This ticket revision was already decided on another draft; reload the ticket to see it",
  );
}
