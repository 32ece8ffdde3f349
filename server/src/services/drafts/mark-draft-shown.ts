import type { Agent } from "@tandem/shared";
import { and, eq, isNull } from "drizzle-orm";
import { drafts } from "../../db/schema";
import { AppError } from "../../errors";
import type { TenantContext } from "../../types";
import { namedAgent } from "../agent-identity";
import { recordAuditEvent } from "../audit";

/** Records the first time a sidebar displayed the draft (analytics "shown"); later calls keep it. */
export async function markDraftShown({
  ctx,
  input: { draftId, agent: namedInBody },
}: {
  ctx: TenantContext;
  input: { draftId: string; agent?: Agent };
}): Promise<{ id: string; firstShownAt: string; first: boolean }> {
  const { installationId } = ctx.tenant;
  const agent = namedAgent(ctx, namedInBody);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(drafts)
      .set({ firstShownAt: now, shownById: agent?.id ?? null })
      .where(
        and(
          eq(drafts.id, draftId),
          eq(drafts.installationId, installationId),
          isNull(drafts.firstShownAt),
        ),
      )
      .returning({ id: drafts.id, ticketId: drafts.ticketId, createdAt: drafts.createdAt });
    if (updated) {
      await recordAuditEvent(tx, {
        installationId,
        type: "draft.shown",
        ticketId: updated.ticketId,
        actor: agent ? { kind: "agent", id: agent.id } : { kind: "system" },
        subjectId: draftId,
        data: { msSinceCreated: Math.max(0, now.getTime() - updated.createdAt.getTime()) },
      });
      return { id: draftId, firstShownAt: now.toISOString(), first: true };
    }
    const [existing] = await tx
      .select({ firstShownAt: drafts.firstShownAt })
      .from(drafts)
      .where(and(eq(drafts.id, draftId), eq(drafts.installationId, installationId)));
    if (!existing?.firstShownAt) throw new AppError("NOT_FOUND", "Draft not found");
    return { id: draftId, firstShownAt: existing.firstShownAt.toISOString(), first: false };
  });
}
