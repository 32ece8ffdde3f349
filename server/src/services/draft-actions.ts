import { randomUUID } from "node:crypto";
import { actionFulfils, bindCommitments } from "@tandem/commitments";
import {
  type AddDraftActionRequest,
  type CommitmentKind,
  Limits,
  type ProposedAction,
} from "@tandem/shared";
import { and, asc, eq } from "drizzle-orm";
import { decisions, drafts, type ProposedActionRow, proposedActions } from "../db/schema";
import { AppError, type ErrorIssue } from "../errors";
import { namedAgent } from "./agent-identity";
import { recordAuditEvent } from "./audit";
import { prefillParams } from "./drafting/prefill";
import { type ActionCatalog, type CatalogEntry, loadCatalog, paramsIssues } from "./policy";
import type { VerbArgs } from "./verb-args";

export function toProposedAction(row: ProposedActionRow): ProposedAction {
  return {
    id: row.id,
    type: row.type,
    kind: row.kind,
    ...(row.title ? { title: row.title } : {}),
    params: row.params,
    rationale: row.rationale,
    risk: row.risk,
    approval: row.approval,
    targetParams: row.targetParams,
    addedBy: row.addedBy,
    fulfils: row.fulfils,
    paramFields: row.paramFields,
  };
}

const asAction = (entry: CatalogEntry) => ({
  type: entry.type,
  kind: entry.kind,
  title: entry.title,
  fulfils: entry.fulfils ?? null,
});

const kindName = (kind: CommitmentKind) => kind.replace("_", " ");

/** The catalog entry the agent asked for, or the one that does what the promise says. */
function pickEntry(
  catalog: ActionCatalog,
  request: AddDraftActionRequest,
  prefill: (entry: CatalogEntry) => Record<string, unknown>,
): CatalogEntry {
  const kind = request.commitmentKind;
  if (request.type) {
    const entry = catalog.entry(request.type);
    if (!entry) {
      throw new AppError("BAD_REQUEST", `Unknown action type '${request.type}'`, [
        { path: "type", message: "not in this installation's action catalog" },
      ]);
    }
    if (entry.rule === "blocked") {
      throw new AppError("FORBIDDEN", `The policy blocks '${entry.type}'`);
    }
    if (kind && !actionFulfils(kind, asAction(entry))) {
      throw new AppError("BAD_REQUEST", `'${entry.type}' does not do a ${kindName(kind)}`, [
        { path: "type", message: `does not back a ${kindName(kind)} promise` },
      ]);
    }
    return entry;
  }
  const kindOf = kind as CommitmentKind;
  const doing = catalog.entries.filter((entry) => actionFulfils(kindOf, asAction(entry)));
  const allowed = doing.filter((entry) => entry.rule !== "blocked");
  if (allowed.length === 0) {
    if (doing.length > 0) {
      throw new AppError(
        "FORBIDDEN",
        `The policy blocks ${doing.map((e) => `'${e.type}'`).join(", ")}: nothing the agent may approve does a ${kindName(kindOf)}`,
      );
    }
    throw new AppError(
      "BAD_REQUEST",
      `No action in this installation's policy does a ${kindName(kindOf)}: edit the sentence, or ask an admin to add one to the policy`,
      [{ path: "commitmentKind", message: `no action in the policy backs a ${kindName(kindOf)}` }],
    );
  }
  // A business action does the thing itself; among several, the one the ticket fills best.
  const score = (entry: CatalogEntry) =>
    (entry.kind === "business" ? 100 : 0) + Object.keys(prefill(entry)).length;
  return [...allowed].sort((a, b) => score(b) - score(a))[0] as CatalogEntry;
}

/**
 * Params for the new action: what the agent gave, over what the ticket names unambiguously.
 * Missing params stay missing (the agent fills them in before approving); a value the agent
 * gave that the schema refuses is a 400; a pre-filled one the schema refuses is left out.
 */
function paramsFor(
  catalog: ActionCatalog,
  entry: CatalogEntry,
  given: Record<string, unknown>,
  prefilled: Record<string, unknown>,
): Record<string, unknown> {
  const guessed = { ...prefilled };
  for (const key of Object.keys(given)) delete guessed[key];
  for (let round = 0; round <= Object.keys(guessed).length; round++) {
    const params = { ...guessed, ...given };
    const check = catalog.validateParams(entry.type, params);
    if (check.ok) return check.params;
    const blocking: ErrorIssue[] = [];
    let dropped = false;
    for (const issue of check.issues) {
      const top = issue.path.split(".")[0] ?? "";
      // Not there yet: the agent completes it in the sidebar.
      if (issue.keyword === "required" || (top !== "" && params[top] === undefined)) continue;
      if (top in guessed) {
        delete guessed[top];
        dropped = true;
        continue;
      }
      blocking.push(issue);
    }
    if (blocking.length > 0) {
      throw new AppError("BAD_REQUEST", "Invalid action params", paramsIssues(blocking, "params"));
    }
    if (!dropped) return params;
  }
  return { ...guessed, ...given };
}

/**
 * Adds an action to an undecided draft, usually to back a promise its reply makes: the policy's
 * action that does the promised kind (or the given type), its params pre-filled from the ticket
 * and the draft, its risk, approval rule and target params from the policy. Recorded as added by
 * the agent; the draft's commitments are bound again.
 */
export async function addDraftAction({
  ctx,
  input: { draftId, request },
}: VerbArgs<{ draftId: string; request: AddDraftActionRequest }>): Promise<ProposedAction> {
  const { installationId } = ctx.tenant;
  // The request names no agent: only the helpdesk's JWT says who added the action.
  const agent = namedAgent(ctx, null);
  const [draft] = await ctx.db
    .select()
    .from(drafts)
    .where(and(eq(drafts.id, draftId), eq(drafts.installationId, installationId)));
  if (!draft) throw new AppError("NOT_FOUND", "Draft not found");
  const [decided] = await ctx.db
    .select({ id: decisions.id })
    .from(decisions)
    .where(and(eq(decisions.installationId, installationId), eq(decisions.draftId, draft.id)))
    .limit(1);
  if (decided) throw new AppError("CONFLICT", "This draft already has a decision");
  if (request.ticket && request.ticket.id !== draft.ticketId) {
    throw new AppError("BAD_REQUEST", "The ticket is not this draft's", [
      { path: "ticket.id", message: `expected '${draft.ticketId}'` },
    ]);
  }

  const catalog = await loadCatalog(ctx.db, installationId);
  const ticket = request.ticket;
  const texts = [
    ticket?.subject ?? "",
    ...(ticket?.messages ?? []).filter((m) => m.author === "customer").map((m) => m.body),
    draft.summary,
    draft.replyBody,
  ];
  const prefill = (entry: CatalogEntry) => prefillParams(entry.paramsSchema, texts);
  const entry = pickEntry(catalog, request, prefill);
  const prefilled = prefill(entry);
  const params = paramsFor(catalog, entry, request.params ?? {}, prefilled);

  const existing = await ctx.db
    .select()
    .from(proposedActions)
    .where(eq(proposedActions.draftId, draft.id))
    .orderBy(asc(proposedActions.position));
  if (existing.some((row) => row.type === entry.type)) {
    throw new AppError("CONFLICT", `This draft already proposes '${entry.type}'`);
  }
  if (existing.length >= Limits.actionsPerDraft) {
    throw new AppError("CONFLICT", `A draft has at most ${Limits.actionsPerDraft} actions`);
  }

  const kind = request.commitmentKind;
  const now = ctx.clock.now();
  const row: ProposedActionRow = {
    id: randomUUID(),
    installationId,
    draftId: draft.id,
    position: (existing.at(-1)?.position ?? -1) + 1,
    type: entry.type,
    kind: entry.kind,
    title: entry.title,
    params,
    rationale: (kind
      ? `Added by ${agent?.name ?? "the agent"} to back the ${kindName(kind)} the reply promises.`
      : `Added by ${agent?.name ?? "the agent"}.`
    ).slice(0, Limits.rationaleLength),
    risk: entry.risk,
    approval: entry.rule === "auto" ? "auto" : "required",
    targetParams: entry.targetParams,
    addedBy: "agent",
    // What the agent sees: every param of the schema, the dates the ticket left out included.
    fulfils: entry.backs,
    paramFields: entry.paramFields,
    createdAt: now,
  };
  const actions = [...existing, row].map((a) => ({
    id: a.id,
    type: a.type,
    kind: a.kind,
    title: a.title,
    fulfils: catalog.entry(a.type)?.fulfils ?? null,
  }));
  const commitments = bindCommitments(draft.replyBody, actions, draft.replyLanguage)
    .slice(0, 50)
    .map(({ kind: k, text, actionId }) => ({ kind: k, text, actionId }));
  await ctx.db.transaction(async (tx) => {
    await tx.insert(proposedActions).values(row);
    await tx
      .update(drafts)
      .set({ commitments })
      .where(and(eq(drafts.id, draft.id), eq(drafts.installationId, installationId)));
    await recordAuditEvent(tx, {
      installationId,
      type: "draft.action_added",
      ticketId: draft.ticketId,
      actor: agent ? { kind: "agent", id: agent.id } : { kind: "system" },
      subjectId: row.id,
      data: {
        draftId: draft.id,
        type: row.type,
        params,
        prefilled: Object.keys(prefilled).filter((key) => params[key] === prefilled[key]),
        ...(kind ? { commitmentKind: kind } : {}),
      },
    });
  });
  return toProposedAction(row);
}
