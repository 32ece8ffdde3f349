import { randomUUID } from "node:crypto";
import {
  type Citation,
  type Commitment,
  isBuiltInActionType,
  Limits,
  type Risk,
  type TicketContext,
} from "@tandem/shared";
import type { Source } from "../knowledge";
import { type ActionCatalog, describeIssues } from "../policy";
import type { CandidateDraft } from "./candidate";
import { draftCommitments } from "./commitments";
import { detectLanguage } from "./language";
import type { PiiMasker } from "./pii";

export interface FinalAction {
  /** The proposed action's id, known before storing so commitments can name it. */
  id: string;
  type: string;
  kind: "field" | "business";
  title: string;
  params: Record<string, unknown>;
  rationale: string;
  risk: Risk;
  approval: "auto" | "required";
}

export interface DroppedAction {
  type: string;
  reason:
    | "not_in_catalog"
    | "blocked"
    | "invalid_params"
    | "no_op"
    | "ungrounded"
    | "prompt_injection"
    | "duplicate"
    | "pending_approval"
    | "limit";
  detail?: string;
}

export interface FinalDraft {
  reply: string;
  replyLanguage: string;
  summary: string;
  triage: CandidateDraft["triage"] & { language: string };
  rationale: string[];
  citations: Citation[];
  actions: FinalAction[];
  /** The reply's promises and the final action that backs each (null: none does). */
  commitments: Commitment[];
  dropped: DroppedAction[];
  droppedCitations: string[];
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function normalizeIntent(intent: string): string {
  const snake = intent
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 64);
  return snake || "general_question";
}

/** Ids an assign action may use: ones the ticket or the retrieved macros already mention. */
function knownIds(ticket: TicketContext, sources: Source[]): Set<string> {
  const ids = new Set<string>();
  if (ticket.group) ids.add(ticket.group.id);
  if (ticket.assignee) ids.add(ticket.assignee.id);
  for (const s of sources) {
    for (const a of s.actions) {
      for (const key of ["groupId", "agentId", "fieldId"]) {
        const value = a.params[key];
        if (typeof value === "string" || typeof value === "number") ids.add(String(value));
      }
    }
  }
  return ids;
}

export interface PostProcessInput {
  candidate: CandidateDraft;
  catalog: ActionCatalog;
  sources: Source[];
  ticket: TicketContext;
  masker: PiiMasker;
  /** The customer's language (triage); the reply is checked against it. */
  language: string;
  injectionSuspected: boolean;
  /**
   * The offline drafter's reply is rewritten so it never promises what no action does; a
   * model's is kept, its unbacked promises recorded and named in the rationale.
   */
  offline: boolean;
  /** Changes awaiting a person's approval on the ticket: not proposed a second time. */
  pendingApprovals?: Array<{ type: string; title: string; requestedBy: string }>;
}

/**
 * Makes a candidate safe to show: every action checked against the catalog, its params and
 * the approval rules (blocked, invalid, ungrounded and injection-driven ones dropped, with the
 * reason kept for the audit log); citations limited to what was retrieved; placeholders
 * restored for the agent's eyes; the reply language compared with the customer's.
 */
export function postProcess(input: PostProcessInput): FinalDraft {
  const { candidate, catalog, ticket, masker } = input;
  const dropped: DroppedAction[] = [];
  const actions: FinalAction[] = [];
  const seen = new Set<string>();
  const ids = knownIds(ticket, input.sources);
  const macroIds = new Set(
    input.sources.filter((s) => s.kind === "macro").map((s) => s.externalId),
  );
  const tags = new Set(ticket.tags.map((t) => t.toLowerCase()));
  const pendingTypes = new Set((input.pendingApprovals ?? []).map((p) => p.type));

  for (const proposed of candidate.actions) {
    const entry = catalog.entry(proposed.type);
    if (!entry) {
      dropped.push({ type: clip(proposed.type, 64), reason: "not_in_catalog" });
      continue;
    }
    if (entry.rule === "blocked") {
      dropped.push({ type: entry.type, reason: "blocked" });
      continue;
    }
    if (input.injectionSuspected && entry.kind === "business") {
      dropped.push({ type: entry.type, reason: "prompt_injection" });
      continue;
    }
    if (entry.kind === "business" && pendingTypes.has(entry.type)) {
      // The request awaiting approval does this already: approving both would do it twice.
      dropped.push({ type: entry.type, reason: "pending_approval" });
      continue;
    }
    const check = catalog.validateParams(entry.type, masker.unmaskValue(proposed.params));
    if (!check.ok) {
      dropped.push({
        type: entry.type,
        reason: "invalid_params",
        detail: clip(describeIssues(check.issues).join("; "), 300),
      });
      continue;
    }
    let params = check.params;
    if (isBuiltInActionType(entry.type)) {
      switch (entry.type) {
        case "set_status":
          if (params.status === ticket.status) {
            dropped.push({ type: entry.type, reason: "no_op" });
            continue;
          }
          break;
        case "set_priority":
          if (params.priority === ticket.priority) {
            dropped.push({ type: entry.type, reason: "no_op" });
            continue;
          }
          break;
        case "add_tags": {
          const fresh = (params.tags as string[]).filter((t) => !tags.has(t.toLowerCase()));
          if (fresh.length === 0) {
            dropped.push({ type: entry.type, reason: "no_op" });
            continue;
          }
          params = { ...params, tags: fresh };
          break;
        }
        case "remove_tags": {
          const present = (params.tags as string[]).filter((t) => tags.has(t.toLowerCase()));
          if (present.length === 0) {
            dropped.push({ type: entry.type, reason: "no_op" });
            continue;
          }
          params = { ...params, tags: present };
          break;
        }
        case "assign_group":
        case "assign_agent": {
          const id = String(entry.type === "assign_group" ? params.groupId : params.agentId);
          if (!ids.has(id)) {
            dropped.push({
              type: entry.type,
              reason: "ungrounded",
              detail: "id not found in the ticket or knowledge",
            });
            continue;
          }
          break;
        }
        case "apply_macro":
          if (!macroIds.has(String(params.macroId))) {
            dropped.push({
              type: entry.type,
              reason: "ungrounded",
              detail: "macro was not retrieved",
            });
            continue;
          }
          break;
        default:
          break;
      }
    }
    const key = `${entry.type}:${JSON.stringify(params)}`;
    if (seen.has(key)) {
      dropped.push({ type: entry.type, reason: "duplicate" });
      continue;
    }
    if (actions.length >= Limits.actionsPerDraft) {
      dropped.push({ type: entry.type, reason: "limit" });
      continue;
    }
    seen.add(key);
    let risk = entry.risk;
    if (entry.type === "set_status" && (params.status === "solved" || params.status === "closed")) {
      risk = "medium";
    }
    actions.push({
      id: randomUUID(),
      type: entry.type,
      kind: entry.kind,
      title: entry.title,
      params,
      rationale: clip(masker.unmask(proposed.rationale || entry.title), Limits.rationaleLength),
      risk,
      approval: entry.rule === "auto" && !input.injectionSuspected ? "auto" : "required",
    });
  }

  const byRef = new Map(input.sources.map((s) => [s.ref, s]));
  const citations: Citation[] = [];
  const droppedCitations: string[] = [];
  for (const ref of candidate.citations) {
    const source = byRef.get(ref.trim());
    if (!source) {
      droppedCitations.push(clip(ref, 40));
      continue;
    }
    if (citations.some((c) => c.kind === source.kind && c.id === source.externalId)) continue;
    citations.push({
      kind: source.kind,
      id: source.externalId,
      title: clip(source.title, Limits.articleTitleLength),
      ...(source.url ? { url: source.url } : {}),
      internal: source.internal,
    });
  }

  const drafted = clip(masker.unmask(candidate.reply).trim(), Limits.replyLength);
  const rationale = candidate.rationale
    .map((r) => clip(masker.unmask(r).trim(), Limits.rationaleLength))
    .filter(Boolean);
  const detected = detectLanguage(drafted, candidate.language);
  let replyLanguage = /^[a-z]{2,3}$/.test(candidate.language) ? candidate.language : input.language;
  if (detected.confidence >= 0.6 && detected.language !== replyLanguage)
    replyLanguage = detected.language;
  const notes: string[] = [];
  let confidence = Math.max(
    0,
    Math.min(1, Number.isFinite(candidate.triage.confidence) ? candidate.triage.confidence : 0),
  );
  if (replyLanguage !== input.language) {
    notes.push(
      `The reply is in ${replyLanguage}, not the customer's language (${input.language}).`,
    );
    confidence = Math.min(confidence, 0.3);
  }
  if (input.injectionSuspected) {
    notes.push(
      "The customer's text tries to instruct the AI; it was treated as data and no action it asks for was proposed.",
    );
  }
  const pending = input.pendingApprovals ?? [];
  if (pending.length > 0) {
    notes.push(
      `${pending.map((p) => `"${p.title}" (asked by ${p.requestedBy})`).join(", ")} ${pending.length === 1 ? "awaits" : "await"} approval on this ticket: the reply must say a colleague is confirming it, not that it was done.`,
    );
  }
  // Macro texts and model replies alike: a sentence promising what no action does is caught here.
  const bound = draftCommitments({
    reply: drafted,
    language: replyLanguage,
    actions: actions.map((a) => ({
      id: a.id,
      type: a.type,
      kind: a.kind,
      title: a.title,
      fulfils: catalog.entry(a.type)?.fulfils ?? null,
    })),
    rewrite: input.offline,
  });
  const reply = bound.reply;
  notes.push(...bound.notes);
  const blocked = dropped.filter((d) => d.reason === "blocked" || d.reason === "not_in_catalog");
  if (blocked.length > 0) {
    notes.push(
      `Not proposed (outside the policy): ${[...new Set(blocked.map((d) => d.type))].join(", ")}.`,
    );
  }
  const invalid = dropped.filter((d) => d.reason === "invalid_params");
  if (invalid.length > 0) {
    notes.push(
      `Not proposed (invalid params): ${[...new Set(invalid.map((d) => d.type))].join(", ")}.`,
    );
  }
  if (droppedCitations.length > 0) {
    notes.push(`Not cited (not among the retrieved sources): ${droppedCitations.join(", ")}.`);
  }
  notes.push(...(candidate.notes ?? []));

  return {
    reply,
    replyLanguage,
    summary: clip(masker.unmask(candidate.summary).trim(), Limits.summaryLength),
    triage: {
      intent: normalizeIntent(candidate.triage.intent),
      sentiment: candidate.triage.sentiment,
      urgency: candidate.triage.urgency,
      language: input.language,
      confidence: Number(confidence.toFixed(2)),
    },
    rationale: [...rationale.slice(0, Limits.rationaleItems - notes.length), ...notes].slice(
      0,
      Limits.rationaleItems,
    ),
    citations: citations.slice(0, Limits.citationsPerDraft),
    actions,
    commitments: bound.commitments,
    dropped,
    droppedCitations,
  };
}
