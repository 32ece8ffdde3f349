import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { Agent } from "@tandem/shared";
import { and, desc, eq, sql } from "drizzle-orm";
import { executeRows, insertJsonRows } from "../../db/json-rows";
import {
  auditEvents,
  type DraftRow,
  drafts,
  type ProposedActionRow,
  proposedActions,
} from "../../db/schema";
import { ModelError, type ModelUsage, resolveEmbedder, resolveModel } from "../../llm";
import type { TenantContext } from "../../types";
import type { CandidateDraft } from "../drafting/candidate";
import { buildThreadContext, customerTextOf } from "../drafting/context";
import {
  detectLanguage,
  languageName,
  loadLanguageDetector,
  SupportedLanguages,
} from "../drafting/language";
import { offlineDraft } from "../drafting/offline";
import type { PendingApproval } from "../drafting/pending-approvals";
import { PiiMasker } from "../drafting/pii";
import { postProcess } from "../drafting/postprocess";
import { buildPrompt, PROMPT_VERSION } from "../drafting/prompt";
import { triageByRules } from "../drafting/triage";
import { retrieveSources } from "../knowledge";
import { loadCatalog } from "../policy";
import { toDraft } from "./draft-view";
import type { DraftingRun, GenerateDraftResult } from "./drafting-run";

export async function draftNow(
  ctx: TenantContext,
  input: DraftingRun,
  revision: string,
  instruction: string | null,
  /** The ticket's pending approval requests, read with the stored draft lookup. */
  pending: PendingApproval[],
): Promise<GenerateDraftResult> {
  await loadLanguageDetector();
  const started = performance.now();
  const { installationId, platform } = ctx.tenant;
  const { ticket } = input.request;
  const agent =
    input.request.agent ?? (input.requestedBy?.name ? (input.requestedBy as Agent) : undefined);
  const customerText = customerTextOf(ticket);
  const latestText = customerText.split("\n\n")[0] ?? "";
  let language = detectLanguage(latestText, ticket.requester.locale);
  if (language.confidence < 0.5) {
    const wider = detectLanguage(`${ticket.subject}\n${customerText}`, ticket.requester.locale);
    if (wider.confidence > language.confidence) language = wider;
  }
  const rules = triageByRules(ticket, customerText);
  // Retrieval runs alongside the policy read. Its text is always masked: it may go to the
  // embeddings endpoint whatever the policy says about the drafting prompt.
  const [catalog, sources] = await Promise.all([
    loadCatalog(ctx.db, installationId),
    retrieveSources(ctx, installationId, {
      text: new PiiMasker(true).mask(`${ticket.subject}\n${customerText}`),
      language: language.language,
      embedder: resolveEmbedder(ctx),
    }),
  ]);
  const masker = new PiiMasker(catalog.policy.piiMasking);
  const context = buildThreadContext(ticket, masker);

  let previousReply: string | undefined;
  if (instruction) {
    const [previous] = await ctx.db
      .select({ replyBody: drafts.replyBody })
      .from(drafts)
      .where(and(eq(drafts.installationId, installationId), eq(drafts.ticketId, ticket.id)))
      .orderBy(desc(drafts.createdAt))
      .limit(1);
    if (previous) previousReply = masker.mask(previous.replyBody);
  }

  const model = resolveModel(ctx);
  let candidate: CandidateDraft | null = null;
  let fallbackReason: string | null = null;
  let modelName: string | null = null;
  let usage: ModelUsage | null = null;
  let promptTokens = 0;
  if (model) {
    const prompt = buildPrompt(catalog, {
      ticket,
      context,
      maskedSubject: masker.mask(ticket.subject),
      language: language.language,
      sources,
      ...(agent ? { agent } : {}),
      ...(instruction ? { instruction: masker.mask(instruction) } : {}),
      ...(previousReply ? { previousReply } : {}),
      injectionSuspected: rules.injectionSuspected,
      pendingApprovals: pending,
    });
    promptTokens = prompt.inputTokens;
    const target = language.language;
    const localized = (SupportedLanguages as readonly string[]).includes(target);
    try {
      const result = await model.draft(prompt, (output) => {
        if (!localized || output.reply.length < 60) return null;
        const detected = detectLanguage(output.reply, target);
        return detected.confidence >= 0.6 && detected.language !== target
          ? `The reply must be written in ${languageName(target)} ("${target}"). Write it again in ${languageName(target)}.`
          : null;
      });
      usage = result.usage;
      modelName = result.model.slice(0, 100);
      candidate = {
        reply: result.output.reply,
        language: result.output.language.toLowerCase().slice(0, 12),
        summary: result.output.summary,
        triage: result.output.triage,
        rationale: result.output.rationale,
        citations: result.output.citations,
        actions: result.output.actions.map((a) => {
          let params: unknown = a.paramsJson;
          try {
            params = JSON.parse(a.paramsJson);
          } catch {
            // Left as a string: validation drops the action with "invalid_params".
          }
          return { type: a.type, params, rationale: a.rationale };
        }),
        notes: result.notes ?? [],
      };
    } catch (err) {
      if (!(err instanceof ModelError)) throw err;
      fallbackReason = `${err.reason}; this draft was written by the offline drafter.`;
      usage = err.usage.inputTokens > 0 ? err.usage : null;
      ctx.logger.warn(
        { failure: err.failure, status: err.status, installationId },
        "model draft failed, falling back to offline",
      );
    }
  }
  if (!candidate) {
    candidate = offlineDraft({
      ticket,
      language: language.language,
      languageConfidence: language.confidence,
      triage: rules,
      sources,
      customerText: context.customerText,
      latestCustomerMessage: latestText,
      ...(agent ? { agent } : {}),
      ...(instruction ? { instruction } : {}),
      pendingApprovals: pending,
    });
  }

  const final = postProcess({
    candidate,
    catalog,
    sources,
    ticket,
    masker,
    language: language.language,
    injectionSuspected: rules.injectionSuspected,
    offline: modelName === null,
    pendingApprovals: pending,
  });
  if (final.dropped.length > 0 || final.droppedCitations.length > 0) {
    ctx.logger.info(
      {
        installationId,
        ticketId: ticket.id,
        droppedActions: final.dropped,
        droppedCitations: final.droppedCitations,
      },
      "draft post-processing dropped items",
    );
  }
  const mode = modelName ? "model" : "offline";
  const latencyMs = Math.round(performance.now() - started);
  const requester = input.requestedBy;

  const now = ctx.clock.now();
  const draftRow: DraftRow = {
    id: randomUUID(),
    installationId,
    platform,
    ticketId: ticket.id,
    ticketRevision: revision,
    mode,
    model: modelName,
    promptVersion: mode === "model" ? PROMPT_VERSION : `offline-${PROMPT_VERSION}`,
    fallbackReason,
    origin: input.origin ?? "sidebar",
    replyBody: final.reply,
    replyLanguage: final.replyLanguage,
    summary: final.summary,
    triage: final.triage,
    intent: final.triage.intent,
    confidence: final.triage.confidence,
    rationale: final.rationale,
    citations: final.citations,
    commitments: final.commitments,
    instruction,
    inputTokens: usage?.inputTokens ?? null,
    outputTokens: usage?.outputTokens ?? null,
    latencyMs,
    requestedById: requester?.id ?? null,
    firstShownAt: null,
    shownById: null,
    needsReply: true,
    createdAt: now,
  };
  const actionRows: ProposedActionRow[] = final.actions.map((a, position) => ({
    id: a.id,
    installationId,
    draftId: draftRow.id,
    position,
    type: a.type,
    kind: a.kind,
    title: a.title,
    params: a.params,
    rationale: a.rationale,
    risk: a.risk,
    approval: a.approval,
    // What the agent will see (locked targets, fields, promises backed), as the policy says now.
    targetParams: catalog.entry(a.type)?.targetParams ?? [],
    addedBy: "drafter" as const,
    fulfils: catalog.entry(a.type)?.backs ?? [],
    paramFields: catalog.entry(a.type)?.paramFields ?? [],
    createdAt: now,
  }));
  const audit = {
    installationId,
    type: "draft.generated",
    ticketId: ticket.id,
    actorKind: requester ? ("agent" as const) : ("system" as const),
    actorId: requester?.id ?? null,
    subjectId: draftRow.id,
    data: {
      mode,
      model: modelName,
      origin: draftRow.origin,
      ticketRevision: revision,
      promptVersion: draftRow.promptVersion,
      fallbackReason,
      latencyMs,
      language: final.triage.language,
      intent: final.triage.intent,
      actions: final.actions.map((a) => ({ type: a.type, approval: a.approval })),
      droppedActions: final.dropped,
      droppedCitations: final.droppedCitations.length,
      piiMasked: masker.counts(),
      context: { ...context.stats, promptTokens },
      injectionSuspected: rules.injectionSuspected,
      commitments: final.commitments.map((c) => ({ kind: c.kind, backed: c.actionId !== null })),
      ...(pending.length > 0 ? { pendingApprovals: pending.map((p) => p.id) } : {}),
      sources: sources.map((src) => ({
        ref: src.ref,
        kind: src.kind,
        id: src.externalId,
        score: src.score,
      })),
      ...(usage ? { usage } : {}),
    },
  };
  // One statement (data-modifying CTEs): atomic like a transaction, one round trip instead of
  // five; the rows travel as JSON parameters (see db/json-rows.ts).
  await executeRows(
    ctx.db,
    sql`with new_draft as (${insertJsonRows(drafts, [draftRow])} returning id)${
      actionRows.length > 0
        ? sql`, new_actions as (${insertJsonRows(proposedActions, actionRows)} returning id)`
        : sql``
    } ${insertJsonRows(auditEvents, [audit])}`,
  );
  const draft = toDraft(draftRow, actionRows, null, catalog.backableKinds);
  return { draft, cached: false };
}
