import {
  ApprovalCreateSchema,
  ApprovalDecisionRequestSchema,
  ApprovalRequestSchema,
  ApprovalStatusSchema,
  ApprovalWaitQuerySchema,
  TicketIdParamSchema,
} from "@tandem/shared";
import { z } from "zod";
import { tenantContext } from "../middleware/context";
import { type Access, defineRoute, json, jsonBody, openApiRouter } from "../openapi/route";
import {
  createApprovalRequest,
  decideApprovalRequest,
  listTicketApprovals,
  waitForApprovalChange,
} from "../services/approvals";
import { sidebar } from "./access";

const ApprovalIdParamSchema = z.object({ id: z.uuid() });
const TicketApprovalsQuerySchema = z.object({ status: ApprovalStatusSchema.optional() });
const tags = ["Consult a human"];
// Agents decide through the helpdesk app; the admin token sets the rules, a bot asks.
const bot: Access = { security: "installation", scopes: ["bot"] };
const anyScope: Access = { security: "installation", scopes: ["bot", "app", "admin"] };
const approvalContent = json(ApprovalRequestSchema);

const create = defineRoute(bot, {
  method: "post",
  path: "/approvals",
  summary: "Ask a human to approve a change before an AI agent makes it",
  description:
    "The action must be in the installation's catalog and not blocked; params are checked against its schema. " +
    "With `idempotencyKey`, a retry answers the first request (200). With `callbackUrl`, every status change is " +
    "POSTed there, signed (X-Tandem-Timestamp, X-Tandem-Signature: v1=hex HMAC-SHA256 of `timestamp.body` with " +
    "the installation's webhook secret), retried with backoff.",
  tags,
  request: { body: jsonBody(ApprovalCreateSchema) },
  responses: {
    201: { description: "Pending", content: approvalContent },
    200: { description: "Replayed idempotent create", content: approvalContent },
    409: { description: "Idempotency key reused for a different request" },
  },
});

const read = defineRoute(anyScope, {
  method: "get",
  path: "/approvals/{id}",
  summary: "An approval request; `waitSeconds` long-polls until it is decided (max 60)",
  tags,
  request: { params: ApprovalIdParamSchema, query: ApprovalWaitQuerySchema },
  responses: {
    200: { description: "The request", content: approvalContent },
    404: { description: "Unknown" },
  },
});

const listOfTicket = defineRoute(anyScope, {
  method: "get",
  path: "/tickets/{ticketId}/approvals",
  summary: "Approval requests of a ticket (the sidebar shows pending ones first)",
  tags,
  request: { params: TicketIdParamSchema, query: TicketApprovalsQuerySchema },
  responses: {
    200: {
      description: "Requests",
      content: json(z.object({ approvals: z.array(ApprovalRequestSchema) })),
    },
  },
});

const decide = defineRoute(sidebar, {
  method: "post",
  path: "/approvals/{id}/decision",
  summary: "Approve (optionally with edited params) or reject; only app tokens decide",
  tags,
  request: {
    params: ApprovalIdParamSchema,
    body: jsonBody(ApprovalDecisionRequestSchema),
  },
  responses: {
    200: { description: "Decided (replays answer the same)", content: approvalContent },
    400: {
      description:
        "Params break the action's schema (cross-param checks included; issues name the param), or a rejection without a reason or comment",
    },
    403: { description: "A bot or admin token (only the helpdesk app's token decides)" },
    409: {
      description:
        "Already decided or expired; `TARGET_LOCKED` when approved params change a target param (nothing is recorded)",
    },
  },
});

/**
 * "Consult a human": external AI agents (bot tokens) request approvals and wait for them;
 * agents in the sidebars (app tokens) decide. A bot token can never decide, and only a bot
 * asks: an app token that could ask could approve a request it wrote itself.
 */
export const approvalRoutes = openApiRouter()
  .openapi(create, async (c) => {
    const { approval, created } = await createApprovalRequest({
      ctx: tenantContext(c),
      input: c.req.valid("json"),
    });
    return created ? c.json(approval, 201) : c.json(approval, 200);
  })
  .openapi(read, async (c) => {
    const approval = await waitForApprovalChange({
      ctx: tenantContext(c),
      input: {
        id: c.req.valid("param").id,
        waitSeconds: c.req.valid("query").waitSeconds,
        signal: c.req.raw.signal,
      },
    });
    return c.json(approval, 200);
  })
  .openapi(listOfTicket, async (c) => {
    const approvals = await listTicketApprovals({
      ctx: tenantContext(c),
      input: { ticketId: c.req.valid("param").ticketId, status: c.req.valid("query").status },
    });
    return c.json({ approvals }, 200);
  })
  .openapi(decide, async (c) => {
    const approval = await decideApprovalRequest({
      ctx: tenantContext(c),
      input: { id: c.req.valid("param").id, decision: c.req.valid("json") },
    });
    return c.json(approval, 200);
  });
