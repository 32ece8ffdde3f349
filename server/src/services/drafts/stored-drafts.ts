import type { Draft } from "@tandem/shared";
import { and, desc, eq, isNull, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { type DraftRow, decisions, drafts } from "../../db/schema";
import { AppError } from "../../errors";
import { preparedPer } from "../../lib/prepared";
import type { TenantContext } from "../../types";
import { withActions } from "./draft-view";

/**
 * The decided draft that answers this ticket revision: the draft made for it, or an older draft
 * the agent decided after reading this revision (`seenTicketRevision`). A decided revision is
 * never drafted again, so an agent reopening the ticket sees what was decided, not a new draft.
 */
export async function decidedDraftRow(
  db: DbOrTx,
  installationId: string,
  ticketId: string,
  revision: string,
): Promise<DraftRow | null> {
  const [found] = await decidedDraftQuery(db).execute({ installationId, ticketId, revision });
  return found?.draft ?? null;
}

// Prepared: these run on every read, re-post and draft (see lib/prepared.ts).
const decidedDraftQuery = preparedPer((db: DbOrTx) =>
  db
    .select({ draft: drafts })
    .from(decisions)
    .innerJoin(drafts, eq(drafts.id, decisions.draftId))
    .where(
      and(
        eq(decisions.installationId, sql.placeholder("installationId")),
        eq(decisions.ticketId, sql.placeholder("ticketId")),
        or(
          eq(decisions.ticketRevision, sql.placeholder("revision")),
          eq(decisions.seenTicketRevision, sql.placeholder("revision")),
        ),
      ),
    )
    .orderBy(desc(decisions.createdAt))
    .limit(1)
    .prepare("decided_draft_of_revision"),
);

const latestDraftQuery = preparedPer((db: DbOrTx) =>
  db
    .select()
    .from(drafts)
    .where(
      and(
        eq(drafts.installationId, sql.placeholder("installationId")),
        eq(drafts.ticketId, sql.placeholder("ticketId")),
      ),
    )
    .orderBy(desc(drafts.createdAt))
    .limit(1)
    .prepare("latest_draft_of_ticket"),
);

/** The stored draft of a revision, without an instruction or with a given one. */
const cachedDraftQuery = (withInstruction: boolean) =>
  preparedPer((db: DbOrTx) =>
    db
      .select()
      .from(drafts)
      .where(
        and(
          eq(drafts.installationId, sql.placeholder("installationId")),
          eq(drafts.ticketId, sql.placeholder("ticketId")),
          eq(drafts.ticketRevision, sql.placeholder("revision")),
          withInstruction
            ? eq(drafts.instruction, sql.placeholder("instruction"))
            : isNull(drafts.instruction),
        ),
      )
      .orderBy(desc(drafts.createdAt))
      .limit(1)
      .prepare(withInstruction ? "cached_draft_with_instruction" : "cached_draft"),
  );
const cachedDraftQueries = { plain: cachedDraftQuery(false), instructed: cachedDraftQuery(true) };
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
  const { db } = ctx;
  const { installationId } = ctx.tenant;
  const [row] = await latestDraftQuery(db).execute({ installationId, ticketId });
  if (!row) throw new AppError("NOT_FOUND", "No draft for this ticket yet");
  // Both at once: one round trip fewer on every read (the decided row is read even when the
  // latest draft turns out decided itself; it is one indexed query).
  const [latest, decided] = await Promise.all([
    withActions(db, row),
    decidedDraftRow(db, installationId, ticketId, row.ticketRevision),
  ]);
  if (latest.decision || !decided) return latest;
  return decided.id === row.id ? latest : withActions(db, decided);
}
/** The newest draft of this ticket revision and instruction: what a re-post answers with. */
export async function cachedDraftRow(
  db: DbOrTx,
  installationId: string,
  ticketId: string,
  revision: string,
  instruction: string | null,
): Promise<DraftRow | null> {
  const [row] =
    instruction === null
      ? await cachedDraftQueries.plain(db).execute({ installationId, ticketId, revision })
      : await cachedDraftQueries
          .instructed(db)
          .execute({ installationId, ticketId, revision, instruction });
  return row ?? null;
}
