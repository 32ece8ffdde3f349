import { and, desc, eq, ne, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client";
import { qualified, rowsFromJson } from "../../db/json-rows";
import {
  type DecisionRow,
  type DraftRow,
  decisions,
  drafts,
  type ProposedActionRow,
  proposedActions,
} from "../../db/schema";
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
  // The decisions already stored under this key or on this draft (an idempotent replay, or a
  // 409), and the draft's proposed actions, ride along as JSON: one round trip for every read.
  const replays = sql`(select coalesce(jsonb_agg(to_jsonb(stored.*)), '[]'::jsonb) from (
    select * from ${decisions} where ${decisions.installationId} = ${installation}
      and (${decisions.idempotencyKey} = ${sql.placeholder("idempotencyKey")} or ${decisions.draftId} = ${qualified(drafts, drafts.id)})
    limit 2) as stored)`;
  const proposed = sql`(select coalesce(jsonb_agg(to_jsonb(action.*) order by action.position), '[]'::jsonb)
    from ${proposedActions} as action
    where action.draft_id = ${qualified(drafts, drafts.id)} and action.installation_id = ${installation})`;
  return db
    .select({
      draft: drafts,
      latestRevision: sql<string | null>`(${latest})`,
      revisionTaken: sql<boolean>`exists (${taken})`,
      replays: sql<unknown>`${replays}`,
      proposed: sql<unknown>`${proposed}`,
    })
    .from(drafts)
    .where(and(eq(drafts.id, sql.placeholder("draftId")), eq(drafts.installationId, installation)))
    .prepare("decision_draft");
});

/** The ticket's other drafts, beside the one being decided. */
const ticketDrafts = alias(drafts, "ticket_drafts");

export interface DraftForDecision {
  draft: DraftRow;
  latestRevision: string | null;
  revisionTaken: boolean;
  /** Decisions stored under the request's idempotency key or on this draft (at most two). */
  replays: DecisionRow[];
  /** The draft's proposed actions, in their order. */
  proposed: ProposedActionRow[];
}

/**
 * A draft with what its decision must be checked against, read in one statement: the ticket's
 * latest drafted revision, whether another draft of the ticket already decided this revision
 * or the seen one (`revisionTaken`), a stored decision to replay, and the proposed actions.
 * Null when the draft is not the installation's.
 */
export async function findDraftForDecision(
  db: Db,
  input: {
    installationId: string;
    draftId: string;
    seen: string | undefined;
    idempotencyKey: string;
  },
): Promise<DraftForDecision | null> {
  const query = decisionDraftQuery(db);
  const [found] = await query.execute({
    installationId: input.installationId,
    draftId: input.draftId,
    seen: input.seen ?? null,
    idempotencyKey: input.idempotencyKey,
  });
  if (!found) return null;
  return {
    draft: found.draft,
    latestRevision: found.latestRevision,
    revisionTaken: found.revisionTaken,
    replays: rowsFromJson(decisions, found.replays),
    proposed: rowsFromJson(proposedActions, found.proposed),
  };
}

/**
 * Stale without loss. A newer drafted revision means the customer wrote again after this draft:
 * the decision stands only when the agent read that latest revision (`seen`, recorded), else
 * `409 STALE_DRAFT`, as for a seen revision that is not the latest. One decision answers a
 * revision: when another draft already decided this one (or the seen one), `409 CONFLICT`.
 * Returns the revision to record, null when nothing newer was seen.
 */
export function seenRevisionOf(checked: DraftForDecision, seen: string | undefined): string | null {
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

export function revisionTakenError(): AppError {
  return new AppError(
    "CONFLICT",
    "This ticket revision was already decided on another draft; reload the ticket to see it",
  );
}
