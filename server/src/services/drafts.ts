import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type {
  Agent,
  CommitmentKind,
  Decision,
  Draft,
  DraftRequest,
  Platform,
  TicketContext,
} from "@tandem/shared";
import { and, asc, desc, eq, isNull, or } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import {
  auditEvents,
  type DraftRow,
  decisions,
  drafts,
  type ProposedActionRow,
  proposedActions,
} from "../db/schema";
import { AppError } from "../errors";
import { ModelError, type ModelUsage, resolveEmbedder, resolveModel } from "../llm";
import type { ServiceContext } from "../types";
import { recordAuditEvent } from "./audit";
import { decisionView } from "./decisions";
import { toProposedAction } from "./draft-actions";
import type { CandidateDraft } from "./drafting/candidate";
import { buildThreadContext, customerTextOf, ticketRevision } from "./drafting/context";
import { detectLanguage, languageName, SupportedLanguages } from "./drafting/language";
import { offlineDraft } from "./drafting/offline";
import { approvalPendingSince, pendingApprovalsFor } from "./drafting/pending-approvals";
import { PiiMasker } from "./drafting/pii";
import { postProcess } from "./drafting/postprocess";
import { buildPrompt, PROMPT_VERSION } from "./drafting/prompt";
import { triageByRules } from "./drafting/triage";
import { retrieveSources } from "./knowledge";
import { loadCatalog } from "./policy";

export { ticketRevision } from "./drafting/context";

/**
 * The draft as served. `backableKinds` comes from the installation's policy at serve time: what
 * "Add action" can add now, not what it could when the draft was written.
 */
export function toDraft(
  row: DraftRow,
  actions: ProposedActionRow[],
  decision: Decision | null,
  backableKinds: CommitmentKind[],
): Draft {
  return {
    id: row.id,
    ticketId: row.ticketId,
    ticketRevision: row.ticketRevision,
    mode: row.mode,
    ...(row.model ? { model: row.model } : {}),
    ...(row.fallbackReason ? { fallbackReason: row.fallbackReason } : {}),
    reply: { body: row.replyBody, language: row.replyLanguage },
    summary: row.summary,
    triage: row.triage,
    rationale: row.rationale,
    citations: row.citations,
    commitments: row.commitments,
    actions: [...actions].sort((a, b) => a.position - b.position).map(toProposedAction),
    ...(row.instruction ? { instruction: row.instruction } : {}),
    ...(row.inputTokens !== null || row.outputTokens !== null
      ? { usage: { inputTokens: row.inputTokens ?? 0, outputTokens: row.outputTokens ?? 0 } }
      : {}),
    latencyMs: row.latencyMs,
    promptVersion: row.promptVersion,
    needsReply: row.needsReply,
    decision,
    backableKinds,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The draft with its proposed actions and, once decided, its decision. */
async function withActions(db: DbOrTx, row: DraftRow): Promise<Draft> {
  const [actions, [decided], catalog] = await Promise.all([
    db
      .select()
      .from(proposedActions)
      .where(eq(proposedActions.draftId, row.id))
      .orderBy(asc(proposedActions.position)),
    db
      .select()
      .from(decisions)
      .where(and(eq(decisions.installationId, row.installationId), eq(decisions.draftId, row.id))),
    loadCatalog(db, row.installationId),
  ]);
  return toDraft(
    row,
    actions,
    decided ? await decisionView(db, decided) : null,
    catalog.backableKinds,
  );
}

/**
 * The decided draft that answers this ticket revision: the draft made for it, or an older draft
 * the agent decided after reading this revision (`seenTicketRevision`). A decided revision is
 * never drafted again, so an agent reopening the ticket sees what was decided, not a new draft.
 */
async function findDecidedDraft(
  db: DbOrTx,
  installationId: string,
  ticketId: string,
  revision: string,
): Promise<Draft | null> {
  const [found] = await db
    .select({ draft: drafts })
    .from(decisions)
    .innerJoin(drafts, eq(drafts.id, decisions.draftId))
    .where(
      and(
        eq(decisions.installationId, installationId),
        eq(decisions.ticketId, ticketId),
        or(eq(decisions.ticketRevision, revision), eq(decisions.seenTicketRevision, revision)),
      ),
    )
    .orderBy(desc(decisions.createdAt))
    .limit(1);
  return found ? withActions(db, found.draft) : null;
}

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

/** One draft of the installation; another installation's id is simply not found. */
export async function getDraft(
  db: DbOrTx,
  installationId: string,
  draftId: string,
): Promise<Draft> {
  const [row] = await db
    .select()
    .from(drafts)
    .where(and(eq(drafts.id, draftId), eq(drafts.installationId, installationId)));
  if (!row) throw new AppError("NOT_FOUND", "Draft not found");
  return withActions(db, row);
}

/**
 * The newest draft for a ticket, or 404. When its revision was already decided (on this draft,
 * another draft of the revision, or an older draft decided after reading it), the decided draft.
 */
export async function getLatestDraft(
  db: DbOrTx,
  installationId: string,
  ticketId: string,
): Promise<Draft> {
  const [row] = await db
    .select()
    .from(drafts)
    .where(and(eq(drafts.installationId, installationId), eq(drafts.ticketId, ticketId)))
    .orderBy(desc(drafts.createdAt))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "No draft for this ticket yet");
  const latest = await withActions(db, row);
  if (latest.decision) return latest;
  return (await findDecidedDraft(db, installationId, ticketId, row.ticketRevision)) ?? latest;
}

/** Records the first time a sidebar displayed the draft (analytics "shown"); later calls keep it. */
export async function markDraftShown(
  ctx: ServiceContext,
  installationId: string,
  draftId: string,
  agent: { id: string; name?: string } | null,
): Promise<{ id: string; firstShownAt: string; first: boolean }> {
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

export interface GenerateDraftInput {
  installationId: string;
  platform: Platform;
  request: DraftRequest;
  /** Who asked: a sidebar (default), a webhook's pre-drafting job, or another API client. */
  origin?: "sidebar" | "webhook" | "api";
  /** The agent, when known (a verified JWT identity wins over `request.agent`). */
  requestedBy?: Agent | { id: string; name?: string } | null;
}

export interface GenerateDraftResult {
  draft: Draft;
  /** True when the stored draft for this revision was returned without drafting again. */
  cached: boolean;
}

async function findCached(
  db: DbOrTx,
  installationId: string,
  ticketId: string,
  revision: string,
  instruction: string | null,
): Promise<Draft | null> {
  const [row] = await db
    .select()
    .from(drafts)
    .where(
      and(
        eq(drafts.installationId, installationId),
        eq(drafts.ticketId, ticketId),
        eq(drafts.ticketRevision, revision),
        instruction === null ? isNull(drafts.instruction) : eq(drafts.instruction, instruction),
      ),
    )
    .orderBy(desc(drafts.createdAt))
    .limit(1);
  return row ? withActions(db, row) : null;
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
export async function generateDraft(
  ctx: ServiceContext,
  input: GenerateDraftInput,
): Promise<GenerateDraftResult> {
  const { ticket } = input.request;
  if (ticket.platform !== input.platform) {
    throw new AppError(
      "BAD_REQUEST",
      `ticket.platform is '${ticket.platform}' but this installation is on ${input.platform}`,
      [{ path: "ticket.platform", message: `expected '${input.platform}'` }],
    );
  }
  const revision = ticketRevision(ticket);
  // A fresh draft of a decided revision would invite a second reply: answer the decided one.
  const decided = await findDecidedDraft(ctx.db, input.installationId, ticket.id, revision);
  if (decided) return { draft: decided, cached: true };
  const needsReply = needsReplyTo(ticket);
  // Without a reply to write, an instruction has nothing to shape and a refresh nothing to redo.
  const instruction = needsReply ? input.request.instruction?.trim() || null : null;
  if (!input.request.refresh || !needsReply) {
    const cached = await findCached(ctx.db, input.installationId, ticket.id, revision, instruction);
    // A draft written before a change went to a colleague for approval would promise it or say
    // nothing about it: it is drafted again (the revision is the same, the situation is not).
    const overtaken =
      cached !== null &&
      needsReply &&
      (await approvalPendingSince(
        ctx.db,
        input.installationId,
        ticket.id,
        new Date(cached.createdAt),
        ctx.clock.now(),
      ));
    if (cached && !overtaken) return { draft: cached, cached: true };
  }
  const key = `${input.installationId}\u0000${ticket.id}\u0000${revision}\u0000${instruction ?? ""}`;
  const running = inFlight.get(key);
  if (running) return running.then((result) => ({ ...result, cached: true }));
  const work = (
    needsReply ? draftNow(ctx, input, revision, instruction) : draftNoReply(ctx, input, revision)
  ).finally(() => inFlight.delete(key));
  inFlight.set(key, work);
  return work;
}

async function draftNow(
  ctx: ServiceContext,
  input: GenerateDraftInput,
  revision: string,
  instruction: string | null,
): Promise<GenerateDraftResult> {
  const started = performance.now();
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
  const [catalog, sources, pending] = await Promise.all([
    loadCatalog(ctx.db, input.installationId),
    retrieveSources(ctx, input.installationId, {
      text: new PiiMasker(true).mask(`${ticket.subject}\n${customerText}`),
      language: language.language,
      embedder: resolveEmbedder(ctx),
    }),
    pendingApprovalsFor(ctx.db, input.installationId, ticket.id, ctx.clock.now()),
  ]);
  const masker = new PiiMasker(catalog.policy.piiMasking);
  const context = buildThreadContext(ticket, masker);

  let previousReply: string | undefined;
  if (instruction) {
    const [previous] = await ctx.db
      .select({ replyBody: drafts.replyBody })
      .from(drafts)
      .where(and(eq(drafts.installationId, input.installationId), eq(drafts.ticketId, ticket.id)))
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
      };
    } catch (err) {
      if (!(err instanceof ModelError)) throw err;
      fallbackReason = `${err.reason}; this draft was written by the offline drafter.`;
      usage = err.usage.inputTokens > 0 ? err.usage : null;
      ctx.logger.warn(
        { failure: err.failure, status: err.status, installationId: input.installationId },
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
        installationId: input.installationId,
        ticketId: ticket.id,
        droppedActions: final.dropped,
        droppedCitations: final.droppedCitations,
      },
      "draft post-processing dropped items",
    );
  }
  const mode = modelName ? "model" : "offline";
  const latencyMs = Math.round(performance.now() - started);
  const requester = input.requestedBy ?? input.request.agent ?? null;

  const now = ctx.clock.now();
  const draftRow: DraftRow = {
    id: randomUUID(),
    installationId: input.installationId,
    platform: input.platform,
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
    installationId: input.installationId,
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
  // One statement (data-modifying CTEs): atomic like a transaction, one round trip instead of five.
  const insertDraft = ctx.db
    .$with("new_draft")
    .as(ctx.db.insert(drafts).values(draftRow).returning({ id: drafts.id }));
  const audit = {
    installationId: input.installationId,
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
  if (actionRows.length > 0) {
    const insertActions = ctx.db
      .$with("new_actions")
      .as(ctx.db.insert(proposedActions).values(actionRows).returning({ id: proposedActions.id }));
    await ctx.db.with(insertDraft, insertActions).insert(auditEvents).values(audit);
  } else {
    await ctx.db.with(insertDraft).insert(auditEvents).values(audit);
  }
  const draft = toDraft(draftRow, actionRows, null, catalog.backableKinds);
  return { draft, cached: false };
}

/**
 * The draft of a ticket whose newest public message is the agent's: no reply to approve and no
 * actions, and neither retrieval nor the model is called. Actions are not proposed either: they
 * would come from the customer's older message, which the agent has just answered (and decided
 * on), so proposing them again would invite applying or executing them twice.
 */
async function draftNoReply(
  ctx: ServiceContext,
  input: GenerateDraftInput,
  revision: string,
): Promise<GenerateDraftResult> {
  const started = performance.now();
  const { ticket } = input.request;
  const customerText = customerTextOf(ticket);
  const language = detectLanguage(
    `${ticket.subject}\n${customerText}`.trim(),
    ticket.requester.locale,
  );
  const rules = triageByRules(ticket, customerText);
  const requester = input.requestedBy ?? input.request.agent ?? null;
  const agentMessages = ticket.messages.filter((m) => m.public && m.author === "agent").length;
  const now = ctx.clock.now();
  const latencyMs = Math.round(performance.now() - started);
  const draftRow: DraftRow = {
    id: randomUUID(),
    installationId: input.installationId,
    platform: input.platform,
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
      installationId: input.installationId,
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
  const catalog = await loadCatalog(ctx.db, input.installationId);
  return { draft: toDraft(draftRow, [], null, catalog.backableKinds), cached: false };
}
