import {
  ApprovalCreateSchema,
  ApprovalDecisionRequestSchema,
  ApprovalRequestSchema,
  ApprovalStatusSchema,
  ApprovalWaitQuerySchema,
  TicketIdParamSchema,
} from "@tandem/shared";
import { Hono } from "hono";
import { z } from "zod";
import { validate } from "../lib/validate";
import { requireInstallation } from "../middleware/auth";
import type { OperationDoc } from "../openapi/registry";

import { approvalEffects } from "../services/approval-effects";
import {
  createApprovalRequest,
  decideApprovalRequest,
  listTicketApprovals,
  waitForApprovalChange,
} from "../services/approvals";
import type { AppEnv } from "../types";

const ApprovalIdParamSchema = z.object({ id: z.uuid() });
const TicketApprovalsQuerySchema = z.object({ status: ApprovalStatusSchema.optional() });

/**
 * "Consult a human": external AI agents (bot tokens) request approvals and wait for them;
 * agents in the sidebars (app tokens) decide. A bot token can never decide, and only a bot
 * asks: an app token that could ask could approve a request it wrote itself.
 */
export const approvalRoutes = new Hono<AppEnv>()
  .post(
    "/approvals",
    requireInstallation("bot"),
    validate("json", ApprovalCreateSchema),
    async (c) => {
      const { approval, created } = await createApprovalRequest(
        c.get("ctx"),
        c.get("tenant").installationId,
        c.req.valid("json"),
      );
      return c.json(approval, created ? 201 : 200);
    },
  )
  .get(
    "/approvals/:id",
    requireInstallation("bot", "app", "admin"),
    validate("param", ApprovalIdParamSchema),
    validate("query", ApprovalWaitQuerySchema),
    async (c) => {
      const approval = await waitForApprovalChange(
        c.get("ctx"),
        c.get("tenant").installationId,
        c.req.valid("param").id,
        c.req.valid("query").waitSeconds,
        c.req.raw.signal,
      );
      return c.json(approval);
    },
  )
  .get(
    "/tickets/:ticketId/approvals",
    requireInstallation("bot", "app", "admin"),
    validate("param", TicketIdParamSchema),
    validate("query", TicketApprovalsQuerySchema),
    async (c) => {
      const approvals = await listTicketApprovals(
        c.get("ctx"),
        c.get("tenant").installationId,
        c.req.valid("param").ticketId,
        c.req.valid("query").status,
      );
      return c.json({ approvals });
    },
  )
  .post(
    "/approvals/:id/decision",
    // Agents decide through the helpdesk app; the admin token sets the rules, a bot asks.
    requireInstallation("app"),
    validate("param", ApprovalIdParamSchema),
    validate("json", ApprovalDecisionRequestSchema),
    async (c) => {
      const tenant = c.get("tenant");
      const input = c.req.valid("json");
      const ctx = c.get("ctx");
      const approval = await decideApprovalRequest(
        ctx,
        approvalEffects(ctx, c.get("deps").jobs),
        tenant.installationId,
        c.req.valid("param").id,
        {
          ...input,
          // The agent named in the helpdesk's JWT wins over the body's.
          agent: tenant.agentClaim
            ? { id: tenant.agentClaim.id, name: tenant.agentClaim.name ?? input.agent.name }
            : input.agent,
        },
        // Recorded as the tenant knows it: asserted unless the helpdesk itself signed who it is.
        tenant.agentClaim?.identity ?? "asserted",
      );
      return c.json(approval);
    },
  );

const tag = "Consult a human";
export const approvalDocs: OperationDoc[] = [
  {
    method: "post",
    path: "/v1/approvals",
    summary: "Ask a human to approve a change before an AI agent makes it",
    description:
      "The action must be in the installation's catalog and not blocked; params are checked against its schema. " +
      "With `idempotencyKey`, a retry answers the first request (200). With `callbackUrl`, every status change is " +
      "POSTed there, signed (X-Tandem-Timestamp, X-Tandem-Signature: v1=hex HMAC-SHA256 of `timestamp.body` with " +
      "the installation's webhook secret), retried with backoff.",
    tag,
    security: "installation",
    scopes: ["bot"],
    body: ApprovalCreateSchema,
    responses: {
      201: { description: "Pending", schema: ApprovalRequestSchema },
      200: { description: "Replayed idempotent create", schema: ApprovalRequestSchema },
      409: { description: "Idempotency key reused for a different request" },
    },
  },
  {
    method: "get",
    path: "/v1/approvals/{id}",
    summary: "An approval request; `waitSeconds` long-polls until it is decided (max 60)",
    tag,
    security: "installation",
    scopes: ["bot", "app", "admin"],
    params: ApprovalIdParamSchema,
    query: ApprovalWaitQuerySchema,
    responses: {
      200: { description: "The request", schema: ApprovalRequestSchema },
      404: { description: "Unknown" },
    },
  },
  {
    method: "get",
    path: "/v1/tickets/{ticketId}/approvals",
    summary: "Approval requests of a ticket (the sidebar shows pending ones first)",
    tag,
    security: "installation",
    scopes: ["bot", "app", "admin"],
    params: TicketIdParamSchema,
    query: TicketApprovalsQuerySchema,
    responses: {
      200: {
        description: "Requests",
        schema: z.object({ approvals: z.array(ApprovalRequestSchema) }),
      },
    },
  },
  {
    method: "post",
    path: "/v1/approvals/{id}/decision",
    summary: "Approve (optionally with edited params) or reject; only app tokens decide",
    tag,
    security: "installation",
    scopes: ["app"],
    params: ApprovalIdParamSchema,
    body: ApprovalDecisionRequestSchema,
    responses: {
      200: { description: "Decided (replays answer the same)", schema: ApprovalRequestSchema },
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
  },
];
