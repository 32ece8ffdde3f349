import type { Decision } from "@tandem/shared";
import { and, desc, eq, or, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { type DecisionRow, type DraftRow, decisions, drafts } from "../../db/schema";
import { AppError } from "../../errors";
import { preparedPer } from "../../lib/prepared";
import type { TenantContext } from "../../types";
import { decisionView } from "./decision-view";

const decisionReplayQuery = preparedPer((db: Db) =>
  db
    .select()
    .from(decisions)
    .where(
      and(
        eq(decisions.installationId, sql.placeholder("installationId")),
        or(
          eq(decisions.idempotencyKey, sql.placeholder("idempotencyKey")),
          eq(decisions.draftId, sql.placeholder("draftId")),
        ),
      ),
    )
    .limit(2)
    .prepare("decision_replay"),
);

export async function findDraft(
  db: DbOrTx,
  installationId: string,
  draftId: string,
): Promise<DraftRow> {
  const [draft] = await db
    .select()
    .from(drafts)
    .where(and(eq(drafts.id, draftId), eq(drafts.installationId, installationId)));
  if (!draft) throw new AppError("NOT_FOUND", "Draft not found");
  return draft;
}
/** The decision stored under this key, or a 409 when the key or the draft is taken otherwise. */
export async function findReplay(
  db: Db,
  installationId: string,
  draftId: string,
  idempotencyKey: string,
): Promise<DecisionRow | null> {
  // One lookup for both: the row under this key, or any decision already on this draft.
  const query = decisionReplayQuery(db);
  const found = await query.execute({ installationId, draftId, idempotencyKey });
  return replayOf(found, draftId, idempotencyKey);
}

/**
 * Of the decisions stored under a request's idempotency key or on its draft: the one to answer
 * again (same key, same draft), null when there is none, or a 409 when the key or the draft is
 * taken by another decision.
 */
export function replayOf(
  found: DecisionRow[],
  draftId: string,
  idempotencyKey: string,
): DecisionRow | null {
  const byKey = found.find((row) => row.idempotencyKey === idempotencyKey);
  if (byKey) {
    if (byKey.draftId !== draftId) {
      throw new AppError("CONFLICT", "This idempotency key was already used for another draft");
    }
    return byKey;
  }
  const byDraft = found.find((row) => row.draftId === draftId);
  if (byDraft) throw new AppError("CONFLICT", "This draft already has a decision");
  return null;
}

/** The decision on a draft with its executions' current state; 404 until it is decided. */
export async function getDecisionForDraft({
  ctx,
  input: { draftId },
}: {
  ctx: TenantContext;
  input: { draftId: string };
}): Promise<Decision> {
  const { db } = ctx;
  const { installationId } = ctx.tenant;
  await findDraft(db, installationId, draftId);
  const [row] = await db
    .select()
    .from(decisions)
    .where(and(eq(decisions.installationId, installationId), eq(decisions.draftId, draftId)))
    .orderBy(desc(decisions.createdAt))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "This draft has no decision yet");
  return decisionView(db, row);
}
