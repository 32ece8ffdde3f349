import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { auditEvents, type DraftRow, drafts } from "../../db/schema";
import type { TenantContext } from "../../types";
import { customerTextOf } from "../drafting/context";
import { detectLanguage, loadLanguageDetector } from "../drafting/language";
import { PROMPT_VERSION } from "../drafting/prompt";
import { triageByRules } from "../drafting/triage";
import { loadCatalog } from "../policy";
import { toDraft } from "./draft-view";
import type { DraftingRun, GenerateDraftResult } from "./drafting-run";

/**
 * The draft of a ticket whose newest public message is the agent's: no reply to approve and no
 * actions, and neither retrieval nor the model is called. Actions are not proposed either: they
 * would come from the customer's older message, which the agent has just answered (and decided
 * on), so proposing them again would invite applying or executing them twice.
 */
export async function draftNoReply(
  ctx: TenantContext,
  input: DraftingRun,
  revision: string,
): Promise<GenerateDraftResult> {
  await loadLanguageDetector();
  const started = performance.now();
  const { installationId, platform } = ctx.tenant;
  const { ticket } = input.request;
  const customerText = customerTextOf(ticket);
  const language = detectLanguage(
    `${ticket.subject}\n${customerText}`.trim(),
    ticket.requester.locale,
  );
  const rules = triageByRules(ticket, customerText);
  const requester = input.requestedBy;
  const agentMessages = ticket.messages.filter((m) => m.public && m.author === "agent").length;
  const now = ctx.clock.now();
  const latencyMs = Math.round(performance.now() - started);
  const draftRow: DraftRow = {
    id: randomUUID(),
    installationId,
    platform,
    ticketId: ticket.id,
    ticketRevision: revision,
    mode: "offline",
    model: null,
    promptVersion: `offline-${PROMPT_VERSION}`,
    fallbackReason: null,
    origin: input.origin ?? "sidebar",
    replyBody: "",
    replyLanguage: language.language,
    summary: `${ticket.requester.name} was answered by an agent last (${ticket.messages.length} message${ticket.messages.length === 1 ? "" : "s"}, ${agentMessages} public from agents).`,
    triage: {
      intent: rules.intent,
      sentiment: rules.sentiment,
      urgency: rules.urgency,
      language: language.language,
      confidence: 1,
    },
    intent: rules.intent,
    confidence: 1,
    rationale: [
      "The newest public message is the agent's: there is nothing to answer until the customer writes again.",
    ],
    citations: [],
    commitments: [],
    needsReply: false,
    instruction: null,
    inputTokens: null,
    outputTokens: null,
    latencyMs,
    requestedById: requester?.id ?? null,
    firstShownAt: null,
    shownById: null,
    createdAt: now,
  };
  const insertDraft = ctx.db
    .$with("new_draft")
    .as(ctx.db.insert(drafts).values(draftRow).returning({ id: drafts.id }));
  await ctx.db
    .with(insertDraft)
    .insert(auditEvents)
    .values({
      installationId,
      type: "draft.generated",
      ticketId: ticket.id,
      actorKind: requester ? "agent" : "system",
      actorId: requester?.id ?? null,
      subjectId: draftRow.id,
      data: {
        mode: "offline",
        model: null,
        origin: draftRow.origin,
        ticketRevision: revision,
        promptVersion: draftRow.promptVersion,
        needsReply: false,
        latencyMs,
        language: language.language,
        intent: rules.intent,
        actions: [],
      },
    });
  const catalog = await loadCatalog(ctx.db, installationId);
  return { draft: toDraft(draftRow, [], null, catalog.backableKinds), cached: false };
}
