import { randomBytes } from "node:crypto";
import type { PolicyInput, Triage } from "@tandem/shared";
import type { DbOrTx } from "../db/client";
import { drafts, policies, proposedActions } from "../db/schema";

export interface DraftFactoryAction {
  type: string;
  kind?: "field" | "business";
  params: Record<string, unknown>;
  approval?: "auto" | "required";
  risk?: "low" | "medium" | "high";
  title?: string;
}

export interface DraftFactoryInput {
  installationId: string;
  platform?: "zendesk" | "freshdesk";
  ticketId?: string;
  ticketRevision?: string;
  mode?: "model" | "offline";
  model?: string | null;
  replyBody?: string;
  intent?: string;
  inputTokens?: number | null;
  outputTokens?: number | null;
  requestedById?: string | null;
  createdAt?: Date;
  /** Set to mark the draft as shown by a sidebar at that time. */
  firstShownAt?: Date | null;
  shownById?: string | null;
  actions?: DraftFactoryAction[];
}

export interface CreatedDraft {
  id: string;
  ticketId: string;
  ticketRevision: string;
  replyBody: string;
  actions: { id: string; type: string; params: Record<string, unknown> }[];
}

/** Inserts a draft and its proposed actions directly, as the drafting service would store them. */
export async function createDraft(db: DbOrTx, input: DraftFactoryInput): Promise<CreatedDraft> {
  const intent = input.intent ?? "refund_request";
  const triage: Triage = {
    intent,
    sentiment: "neutral",
    urgency: "normal",
    language: "en",
    confidence: 0.8,
  };
  const mode = input.mode ?? "model";
  const replyBody = input.replyBody ?? "Hello Marta, I am sorry about the trouble with your order.";
  const [draft] = await db
    .insert(drafts)
    .values({
      installationId: input.installationId,
      platform: input.platform ?? "zendesk",
      ticketId: input.ticketId ?? `T-${randomBytes(4).toString("hex")}`,
      ticketRevision: input.ticketRevision ?? `rev-${randomBytes(6).toString("hex")}`,
      mode,
      model: input.model === undefined ? (mode === "model" ? "gpt-4o-mini" : null) : input.model,
      promptVersion: "test-1",
      replyBody,
      replyLanguage: "en",
      summary: "Customer asks for a refund.",
      triage,
      intent,
      confidence: 0.8,
      rationale: ["Refunds are allowed within 30 days."],
      citations: [],
      inputTokens: input.inputTokens === undefined ? 1000 : input.inputTokens,
      outputTokens: input.outputTokens === undefined ? 200 : input.outputTokens,
      latencyMs: 800,
      requestedById: input.requestedById ?? null,
      firstShownAt: input.firstShownAt === undefined ? new Date() : input.firstShownAt,
      shownById: input.shownById ?? input.requestedById ?? null,
      ...(input.createdAt ? { createdAt: input.createdAt } : {}),
    })
    .returning();
  if (!draft) throw new Error("draft insert returned nothing");
  const actions = [];
  for (const [position, action] of (input.actions ?? []).entries()) {
    const [row] = await db
      .insert(proposedActions)
      .values({
        installationId: input.installationId,
        draftId: draft.id,
        position,
        type: action.type,
        kind: action.kind ?? (action.type.includes("_order") ? "business" : "field"),
        title: action.title ?? null,
        params: action.params,
        rationale: "test",
        risk: action.risk ?? "low",
        approval: action.approval ?? "required",
        ...(input.createdAt ? { createdAt: input.createdAt } : {}),
      })
      .returning();
    if (!row) throw new Error("action insert returned nothing");
    actions.push({ id: row.id, type: row.type, params: row.params });
  }
  return {
    id: draft.id,
    ticketId: draft.ticketId,
    ticketRevision: draft.ticketRevision,
    replyBody,
    actions,
  };
}

/** Stores a policy row directly (the policy API belongs to the drafting service). */
export async function setPolicy(db: DbOrTx, installationId: string, body: PolicyInput) {
  await db
    .insert(policies)
    .values({ installationId, body })
    .onConflictDoUpdate({ target: policies.installationId, set: { body } });
}

/** A business action whose endpoint is a local receiver. */
export function refundPolicy(endpoint: string, approval: "auto" | "required" = "required") {
  return {
    businessActions: [
      {
        type: "refund_order",
        title: "Refund order",
        description: "Refund an order in the shop",
        endpoint,
        risk: "high" as const,
        approval,
        paramsSchema: {
          type: "object",
          required: ["orderId", "amount"],
          additionalProperties: false,
          properties: {
            orderId: { type: "string", pattern: "^ORD-[0-9]+$" },
            amount: { type: "number", exclusiveMinimum: 0, maximum: 1000 },
            currency: { type: "string", enum: ["EUR", "USD"] },
          },
        },
      },
    ],
    rules: { set_status: "required" as const, add_tags: "auto" as const },
  } satisfies PolicyInput;
}

/**
 * A refund ticket's draft as the decision tests use it: a status change, an auto tag and a
 * high-risk `refund_order` business action (see `refundPolicy`).
 */
export function createRefundDraft(
  db: DbOrTx,
  input: { installationId: string; replyBody?: string },
): Promise<CreatedDraft> {
  return createDraft(db, {
    installationId: input.installationId,
    ...(input.replyBody === undefined ? {} : { replyBody: input.replyBody }),
    actions: [
      { type: "set_status", params: { status: "pending" } },
      { type: "add_tags", params: { tags: ["refund"] }, approval: "auto" },
      {
        type: "refund_order",
        kind: "business",
        params: { orderId: "ORD-550871", amount: 89, currency: "EUR" },
        risk: "high",
      },
    ],
  });
}
