import type { Draft } from "@tandem/shared";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { qualified } from "../../db/json-rows";
import { approvalRequests, decisions, drafts } from "../../db/schema";
import { AppError } from "../../errors";
import { preparedPer } from "../../lib/prepared";
import type { TenantContext } from "../../types";
import {
  type PendingApproval,
  pendingApprovalsJson,
  pendingFromJson,
} from "../drafting/pending-approvals";
import { loadCatalog } from "../policy";
import { servedDraft, servedDraftColumns } from "./draft-view";

// Prepared (see lib/prepared.ts), and one statement each: a read, a re-post and every draft
// request run one of them, so each costs one round trip to the database.
const installation = sql.placeholder("installationId");
const ticket = sql.placeholder("ticketId");

/** The draft picked by `draftId` (a subquery answering one id), served in the same statement. */
function servedDraftStatement<Extra extends Record<string, SQL>>(
  db: DbOrTx,
  draftId: SQL,
  extra = {} as Extra,
) {
  return db
    .select({ ...servedDraftColumns(), ...extra })
    .from(drafts)
    .where(and(eq(drafts.installationId, installation), eq(drafts.id, draftId)));
}

/**
 * The decided draft that answers a ticket revision: the draft made for it, or an older draft the
 * agent decided after reading this revision (`seenTicketRevision`). A decided revision is never
 * drafted again, so an agent reopening the ticket sees what was decided, not a new draft.
 * `preferred` (a draft id) wins over another decision of the revision.
 */
function decidedDraftOf(revision: SQL, preferred: SQL = sql`null`): SQL {
  return sql`select decided.draft_id from ${decisions} as decided
    where decided.installation_id = ${installation} and decided.ticket_id = ${ticket}
      and (decided.ticket_revision = ${revision} or decided.seen_ticket_revision = ${revision})
    order by decided.draft_id = ${preferred} desc nulls last, decided.created_at desc limit 1`;
}

/**
 * The newest draft of the ticket; when its revision was decided (on it, on another draft of the
 * revision, or on an older draft decided after reading it), the decided draft.
 */
const latestServedQuery = preparedPer((db: DbOrTx) =>
  servedDraftStatement(
    db,
    sql`(select coalesce((${decidedDraftOf(sql`latest.ticket_revision`, sql`latest.id`)}), latest.id)
      from (select id, ticket_revision from ${drafts}
        where installation_id = ${installation} and ticket_id = ${ticket}
        order by created_at desc limit 1) as latest)`,
  ).prepare("served_latest_draft"),
);

/**
 * What a draft request for a revision answers from storage: its decided draft, else (unless
 * refreshed) the newest stored draft of the revision and instruction — with, in the same
 * statement, the ticket's pending approval requests, which drafting needs when nothing is
 * stored. `overtaken`: one of those requests was made after the stored draft, which therefore
 * says nothing about it (or promises the change itself) and is drafted again.
 */
const storedForRevisionQuery = (variant: "decided" | "plain" | "instructed") =>
  preparedPer((db: DbOrTx) => {
    const revision = sql`${sql.placeholder("revision")}`;
    const now = sql`${sql.placeholder("now")}::timestamptz`;
    const decided = decidedDraftOf(revision);
    const stored = sql`select id from ${drafts}
      where installation_id = ${installation} and ticket_id = ${ticket} and ticket_revision = ${revision}
        and ${variant === "instructed" ? sql`instruction = ${sql.placeholder("instruction")}` : sql`instruction is null`}
      order by created_at desc limit 1`;
    const pick =
      variant === "decided" ? sql`(${decided})` : sql`coalesce((${decided}), (${stored}))`;
    return db
      .select({
        ...servedDraftColumns(),
        pending: pendingApprovalsJson(sql`${installation}`, sql`${ticket}`, now),
        overtaken: sql<boolean>`exists (select 1 from ${approvalRequests} as request
          where request.installation_id = ${installation} and request.ticket_id = ${ticket}
            and request.status = 'pending' and request.expires_at > ${now}
            and request.created_at > ${qualified(drafts, drafts.createdAt)})`,
      })
      .from(sql`(select 1) as one`)
      .leftJoin(drafts, and(eq(drafts.installationId, installation), eq(drafts.id, pick)))
      .prepare(`stored_draft_for_revision_${variant}`);
  });
const storedForRevisionQueries = {
  decided: storedForRevisionQuery("decided"),
  plain: storedForRevisionQuery("plain"),
  instructed: storedForRevisionQuery("instructed"),
};

/**
 * The newest draft for a ticket, or 404. When its revision was already decided (on this draft,
 * another draft of the revision, or an older draft decided after reading it), the decided draft.
 */
export async function getLatestDraft({
  ctx,
  input: { ticketId },
}: {
  ctx: TenantContext;
  input: { ticketId: string };
}): Promise<Draft> {
  const { installationId } = ctx.tenant;
  const [[found], catalog] = await Promise.all([
    latestServedQuery(ctx.db).execute({ installationId, ticketId }),
    loadCatalog(ctx.db, installationId),
  ]);
  if (!found) throw new AppError("NOT_FOUND", "No draft for this ticket yet");
  return servedDraft(found, catalog);
}

/**
 * The stored draft a draft request answers with (see `storedForRevisionQuery`): `decided` when it
 * is the revision's decided draft, `overtaken` when a newer approval request makes it stale; and
 * the ticket's pending approval requests. `instruction` undefined: only a decided draft answers
 * (a refresh).
 */
export async function storedDraftFor(
  ctx: TenantContext,
  input: { ticketId: string; revision: string; instruction: string | null | undefined },
): Promise<{
  stored: { draft: Draft; decided: boolean; overtaken: boolean } | null;
  pending: PendingApproval[];
}> {
  const { installationId } = ctx.tenant;
  const values = {
    installationId,
    ticketId: input.ticketId,
    revision: input.revision,
    // Timestamps as drizzle itself sends them (placeholders skip the column's encoding).
    now: ctx.clock.now().toISOString(),
  };
  const query =
    input.instruction === undefined
      ? storedForRevisionQueries.decided(ctx.db).execute(values)
      : input.instruction === null
        ? storedForRevisionQueries.plain(ctx.db).execute(values)
        : storedForRevisionQueries
            .instructed(ctx.db)
            .execute({ ...values, instruction: input.instruction });
  const [[found], catalog] = await Promise.all([query, loadCatalog(ctx.db, installationId)]);
  const pending = pendingFromJson(found?.pending);
  if (!found?.draft) return { stored: null, pending };
  const draft = servedDraft({ ...found, draft: found.draft }, catalog);
  // A draft's decision always answers its own revision: decided means it was picked as such.
  return {
    stored: { draft, decided: draft.decision !== null, overtaken: Boolean(found.overtaken) },
    pending,
  };
}
