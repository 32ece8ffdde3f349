import {
  AddDraftActionRequestSchema,
  DraftIdParamSchema,
  DraftRequestSchema,
  DraftSchema,
  DraftShownRequestSchema,
  ProposedActionSchema,
  TicketIdParamSchema,
} from "@tandem/shared";
import { Hono } from "hono";
import { z } from "zod";
import { validate } from "../lib/validate";
import { requireInstallation } from "../middleware/auth";
import type { OperationDoc } from "../openapi/registry";

import { addDraftAction } from "../services/draft-actions";
import { generateDraft, getLatestDraft, markDraftShown } from "../services/drafts";
import type { AppEnv } from "../types";

// Drafting and "shown" are the helpdesk app's (they feed its analytics); admin tokens only read.
const sidebar = requireInstallation("app");
const read = requireInstallation("app", "admin");

const DraftShownSchema = z.object({ id: z.string(), firstShownAt: z.string() });

export const draftRoutes = new Hono<AppEnv>()
  .post("/drafts", sidebar, validate("json", DraftRequestSchema), async (c) => {
    const tenant = c.get("tenant");
    const request = c.req.valid("json");
    const { draft, cached } = await generateDraft(c.get("ctx"), {
      installationId: tenant.installationId,
      platform: tenant.platform,
      request,
      origin: "sidebar",
      requestedBy: tenant.agentClaim ?? request.agent ?? null,
    });
    c.header("X-Tandem-Draft-Cache", cached ? "hit" : "miss");
    return c.json(draft);
  })
  .post(
    "/drafts/:id/shown",
    sidebar,
    validate("param", DraftIdParamSchema),
    validate("json", DraftShownRequestSchema),
    async (c) => {
      const tenant = c.get("tenant");
      const body = c.req.valid("json");
      const shown = await markDraftShown(
        c.get("ctx"),
        tenant.installationId,
        c.req.valid("param").id,
        tenant.agentClaim ?? body.agent ?? null,
      );
      return c.json({ id: shown.id, firstShownAt: shown.firstShownAt });
    },
  )
  .get("/tickets/:ticketId/draft", read, validate("param", TicketIdParamSchema), async (c) => {
    const draft = await getLatestDraft(
      c.get("deps").database.db,
      c.get("tenant").installationId,
      c.req.valid("param").ticketId,
    );
    return c.json(draft);
  })
  .post(
    "/drafts/:id/actions",
    sidebar,
    validate("param", DraftIdParamSchema),
    validate("json", AddDraftActionRequestSchema),
    async (c) => {
      const tenant = c.get("tenant");
      const action = await addDraftAction(
        c.get("ctx"),
        tenant.installationId,
        c.req.valid("param").id,
        c.req.valid("json"),
        tenant.agentClaim,
      );
      return c.json(action, 201);
    },
  );

const tag = "Drafts";
export const draftDocs: OperationDoc[] = [
  {
    method: "post",
    path: "/v1/drafts",
    summary: "Draft a reply, triage and proposed actions for a ticket",
    description:
      "The server derives `ticketRevision` from the conversation. The same ticket revision (and instruction) " +
      "returns the stored draft without calling the model unless `refresh` is true; `X-Tandem-Draft-Cache` " +
      "says which. When the model fails, an offline draft is returned with `fallbackReason`. A ticket revision that " +
      "was decided answers its decided draft with `decision` (also with `refresh`), never a new draft. When the " +
      "newest public message is the agent's, the draft has `needsReply: false`, an empty reply, no actions and no " +
      "model call, until the customer writes again.",
    tag,
    security: "installation",
    scopes: ["app"],
    body: DraftRequestSchema,
    responses: { 200: { description: "The draft", schema: DraftSchema } },
  },
  {
    method: "get",
    path: "/v1/tickets/{ticketId}/draft",
    summary: "The latest draft for a ticket",
    description:
      "With `decision` once decided. When the latest revision was decided on another draft (or on an older draft " +
      "after the agent read it, `seenTicketRevision`), that decided draft.",
    tag,
    security: "installation",
    scopes: ["app", "admin"],
    params: TicketIdParamSchema,
    responses: {
      200: { description: "The draft", schema: DraftSchema },
      404: { description: "No draft yet" },
    },
  },
  {
    method: "post",
    path: "/v1/drafts/{id}/shown",
    summary: "Record that a sidebar displayed the draft (first time only; analytics 'shown')",
    tag,
    security: "installation",
    scopes: ["app"],
    params: DraftIdParamSchema,
    body: DraftShownRequestSchema,
    responses: {
      200: { description: "When it was first shown", schema: DraftShownSchema },
      404: { description: "Unknown draft" },
    },
  },
  {
    method: "post",
    path: "/v1/drafts/{id}/actions",
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
    tag,
    security: "installation",
    scopes: ["app"],
    params: DraftIdParamSchema,
    body: AddDraftActionRequestSchema,
    responses: {
      201: { description: "The added action", schema: ProposedActionSchema },
      400: { description: "Nothing in the policy does it, or invalid params" },
      403: { description: "The policy blocks the action" },
      404: { description: "Unknown draft" },
      409: { description: "The draft is decided or already proposes the action" },
    },
  },
];
