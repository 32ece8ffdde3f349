import type { TicketContext } from "@tandem/shared";
import { AppError } from "../../errors";
import type { TenantContext } from "../../types";
import { namedAgent } from "../agent-identity";
import { ticketRevision } from "../drafting/context";
import { draftNow } from "./draft-with-reply";
import { draftNoReply } from "./draft-without-reply";
import type { DraftingRun, GenerateDraftInput, GenerateDraftResult } from "./drafting-run";
import { storedDraftFor } from "./stored-drafts";

/**
 * False when the newest public message is the agent's: the customer has been answered and there
 * is nothing to reply to until they write again. Public system messages (auto-replies,
 * notifications) answer nobody, so they do not count as the agent's.
 */
export function needsReplyTo(ticket: Pick<TicketContext, "messages">): boolean {
  for (let i = ticket.messages.length - 1; i >= 0; i--) {
    const message = ticket.messages[i];
    if (message?.public && message.author !== "system") return message.author !== "agent";
  }
  return true;
}
const inFlight = new Map<string, Promise<GenerateDraftResult>>();

/**
 * Turns a ticket into a draft: reply, triage, citations and policy-checked actions. The same
 * ticket revision (and instruction) answers from storage unless `refresh` is set; concurrent
 * identical requests share one drafting run. Model failures fall back to the offline drafter
 * with the reason recorded, so this only throws for bad input or a database failure.
 * A revision that was decided answers its decided draft, `refresh` or not; a ticket whose newest
 * public message is the agent's gets a draft without a reply (`needsReply: false`).
 */
export async function generateDraft({
  ctx,
  input,
}: {
  ctx: TenantContext;
  input: GenerateDraftInput;
}): Promise<GenerateDraftResult> {
  const { installationId, platform } = ctx.tenant;
  const { ticket } = input.request;
  if (ticket.platform !== platform) {
    throw new AppError(
      "BAD_REQUEST",
      `ticket.platform is '${ticket.platform}' but this installation is on ${platform}`,
      [{ path: "ticket.platform", message: `expected '${platform}'` }],
    );
  }
  const revision = ticketRevision(ticket);
  const needsReply = needsReplyTo(ticket);
  // Without a reply to write, an instruction has nothing to shape and a refresh nothing to redo.
  const instruction = needsReply ? input.request.instruction?.trim() || null : null;
  const useStored = !input.request.refresh || !needsReply;
  // The decided and the stored draft are looked up in one statement.
  const { stored, pending } = await storedDraftFor(ctx, {
    ticketId: ticket.id,
    revision,
    instruction: useStored ? instruction : undefined,
  });
  // A fresh draft of a decided revision would invite a second reply: answer the decided one.
  if (stored?.decided) return { draft: stored.draft, cached: true };
  // A draft written before a change went to a colleague for approval would promise it or say
  // nothing about it: it is drafted again (the revision is the same, the situation is not).
  if (stored && !(needsReply && stored.overtaken)) return { draft: stored.draft, cached: true };
  const key = `${installationId}\u0000${ticket.id}\u0000${revision}\u0000${instruction ?? ""}`;
  const running = inFlight.get(key);
  if (running) return running.then((result) => ({ ...result, cached: true }));
  const run: DraftingRun = { ...input, requestedBy: namedAgent(ctx, input.request.agent) };
  const work = (
    needsReply
      ? draftNow(ctx, run, revision, instruction, pending)
      : draftNoReply(ctx, run, revision)
  ).finally(() => inFlight.delete(key));
  inFlight.set(key, work);
  return work;
}
