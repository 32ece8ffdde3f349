import {
  AddDraftActionRequestSchema,
  DraftIdParamSchema,
  DraftRequestSchema,
  DraftSchema,
  DraftShownRequestSchema,
  ProposedActionSchema,
  TicketIdParamSchema,
} from "@tandem/shared";
import { z } from "zod";
import { tenantContext } from "../middleware/context";
import { defineRoute, json, jsonBody, openApiRouter } from "../openapi/route";
import { addDraftAction } from "../services/draft-actions";
import { generateDraft, getLatestDraft, markDraftShown } from "../services/drafts";
import { appOrAdmin, sidebar } from "./access";

const tags = ["Drafts"];

const DraftShownSchema = z.object({ id: z.string(), firstShownAt: z.string() });

const draftTicket = defineRoute(sidebar, {
  method: "post",
  path: "/drafts",
  summary: "Draft a reply, triage and proposed actions for a ticket",
  description:
    "The server derives `ticketRevision` from the conversation. The same ticket revision (and instruction) " +
    "returns the stored draft without calling the model unless `refresh` is true; `X-Tandem-Draft-Cache` " +
    "says which. When the model fails, an offline draft is returned with `fallbackReason`. A ticket revision that " +
    "was decided answers its decided draft with `decision` (also with `refresh`), never a new draft. When the " +
    "newest public message is the agent's, the draft has `needsReply: false`, an empty reply, no actions and no " +
    "model call, until the customer writes again.",
  tags,
  request: { body: jsonBody(DraftRequestSchema) },
  responses: { 200: { description: "The draft", content: json(DraftSchema) } },
});

const latestDraft = defineRoute(appOrAdmin, {
  method: "get",
  path: "/tickets/{ticketId}/draft",
  summary: "The latest draft for a ticket",
  description:
    "With `decision` once decided. When the latest revision was decided on another draft (or on an older draft " +
    "after the agent read it, `seenTicketRevision`), that decided draft.",
  tags,
  request: { params: TicketIdParamSchema },
  responses: {
    200: { description: "The draft", content: json(DraftSchema) },
    404: { description: "No draft yet" },
  },
});

const draftShown = defineRoute(sidebar, {
  method: "post",
  path: "/drafts/{id}/shown",
  summary: "Record that a sidebar displayed the draft (first time only; analytics 'shown')",
  tags,
  request: { params: DraftIdParamSchema, body: jsonBody(DraftShownRequestSchema) },
  responses: {
    200: { description: "When it was first shown", content: json(DraftShownSchema) },
    404: { description: "Unknown draft" },
  },
});

const addAction = defineRoute(sidebar, {
  method: "post",
  path: "/drafts/{id}/actions",
  summary: "Add an action to a draft, usually to back a promise its reply makes",
  description:
    "By `commitmentKind` the server picks the policy's action that does it (a business action " +
    "first) and pre-fills its params from `ticket` and the draft (references such as booking or " +
    "order ids that the params schema describes); params it cannot tell stay empty for the agent " +
    "to fill in before approving. By `type`, that action. Risk, approval rule and target params " +
    "come from the policy; the action is recorded as added by the agent and the draft's " +
    "`commitments` are bound again. 400 when nothing in the policy does the promised kind or a " +
    "given param is invalid, 403 when the policy blocks it, 409 when the draft is decided or " +
    "already proposes that action.",
  tags,
  request: { params: DraftIdParamSchema, body: jsonBody(AddDraftActionRequestSchema) },
  responses: {
    201: { description: "The added action", content: json(ProposedActionSchema) },
    400: { description: "Nothing in the policy does it, or invalid params" },
    403: { description: "The policy blocks the action" },
    404: { description: "Unknown draft" },
    409: { description: "The draft is decided or already proposes the action" },
  },
});

/**
 * Drafts of tickets and the actions added to them. Drafting and "shown" are the helpdesk app's
 * (they feed its analytics); admin tokens only read.
 */
export const draftRoutes = openApiRouter()
  .openapi(draftTicket, async (c) => {
    const { draft, cached } = await generateDraft({
      ctx: tenantContext(c),
      input: { request: c.req.valid("json"), origin: "sidebar" },
    });
    c.header("X-Tandem-Draft-Cache", cached ? "hit" : "miss");
    return c.json(draft, 200);
  })
  .openapi(draftShown, async (c) => {
    const shown = await markDraftShown({
      ctx: tenantContext(c),
      input: { draftId: c.req.valid("param").id, agent: c.req.valid("json").agent },
    });
    return c.json({ id: shown.id, firstShownAt: shown.firstShownAt }, 200);
  })
  .openapi(latestDraft, async (c) => {
    const draft = await getLatestDraft({
      ctx: tenantContext(c),
      input: { ticketId: c.req.valid("param").ticketId },
    });
    return c.json(draft, 200);
  })
  .openapi(addAction, async (c) => {
    const action = await addDraftAction({
      ctx: tenantContext(c),
      input: { draftId: c.req.valid("param").id, request: c.req.valid("json") },
    });
    return c.json(action, 201);
  });
