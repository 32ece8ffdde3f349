import { type Decision, editDistance, type SentRequest } from "@tandem/shared";
import { and, eq } from "drizzle-orm";
import { decisionActions, decisions } from "../../db/schema";
import { AppError } from "../../errors";
import type { TenantContext } from "../../types";
import { agentActor } from "../agent-identity";
import { recordAuditEvent } from "../audit";
import { decisionView } from "./decision-view";
import { findDraft } from "./stored-decisions";

/**
 * The text the agent finally sent. It replaces the approved text for the edit distance, so edits
 * made in the helpdesk's editor after approval count too.
 */
export async function recordSent({
  ctx,
  input: { draftId, request },
}: {
  ctx: TenantContext;
  input: { draftId: string; request: SentRequest };
}): Promise<Decision> {
  const { installationId } = ctx.tenant;
  const draft = await findDraft(ctx.db, installationId, draftId);
  const [current] = await ctx.db
    .select()
    .from(decisions)
    .where(and(eq(decisions.installationId, installationId), eq(decisions.draftId, draftId)));
  if (!current) {
    throw new AppError(
      "CONFLICT",
      "Record a decision on this draft before reporting what was sent",
    );
  }
  // The agent submitted the ticket: field changes staged in the helpdesk form were saved with it.
  const confirmed = await ctx.db
    .update(decisionActions)
    .set({ hostResult: "applied", hostReportedAt: ctx.clock.now() })
    .where(
      and(eq(decisionActions.decisionId, current.id), eq(decisionActions.hostResult, "staged")),
    )
    .returning({ id: decisionActions.id });
  if (current.sentBody === request.body) return decisionView(ctx.db, current);

  // A rejected draft was not used: what the agent wrote instead is kept, but it is not an edit.
  const distance =
    current.replyOutcome === "rejected" ? null : editDistance(draft.replyBody, request.body);
  const now = ctx.clock.now();
  const updated = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(decisions)
      .set({ sentBody: request.body, sentAt: now, editDistance: distance })
      .where(eq(decisions.id, current.id))
      .returning();
    await recordAuditEvent(tx, {
      installationId,
      type: "draft.sent",
      ticketId: draft.ticketId,
      actor: agentActor(ctx, current.agentId),
      subjectId: draft.id,
      data: {
        decisionId: current.id,
        editDistance: distance,
        previousEditDistance: current.editDistance,
        sentLength: request.body.length,
        ...(confirmed.length > 0 ? { confirmedStagedActions: confirmed.length } : {}),
        model: draft.model,
        promptVersion: draft.promptVersion,
      },
    });
    return row;
  });
  if (!updated) throw new AppError("NOT_FOUND", "Decision not found");
  return decisionView(ctx.db, updated);
}
