import {
  DecisionRequestSchema,
  DecisionSchema,
  DraftIdParamSchema,
  ExecutionSchema,
  OutcomesRequestSchema,
  SentRequestSchema,
} from "@tandem/shared";
import { Hono } from "hono";
import { z } from "zod";
import { validate } from "../lib/validate";
import { requireInstallation } from "../middleware/auth";
import type { OperationDoc } from "../openapi/registry";

import { getDecisionForDraft, recordDecision, recordSent } from "../services/decisions";
import { enqueueExecutions, getExecution, retryExecution } from "../services/executions";
import { recordOutcomes } from "../services/outcomes";
import type { AppEnv } from "../types";

const ExecutionIdParamSchema = z.object({ id: z.uuid() });

/** Decisions on drafts, and the executions of the business actions they approved. */
export const decisionRoutes = new Hono<AppEnv>()
  .post(
    "/drafts/:id/decision",
    requireInstallation("app"),
    validate("param", DraftIdParamSchema),
    validate("json", DecisionRequestSchema),
    async (c) => {
      const ctx = c.get("ctx");
      const recorded = await recordDecision(
        ctx,
        c.get("tenant"),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      if (recorded.newExecutionIds.length > 0) {
        await enqueueExecutions(
          ctx,
          c.get("deps").jobs,
          recorded.newExecutionIds.map((id) => ({ id, attemptBase: 0, firstRun: true })),
        );
      }
      return c.json(recorded.decision, 200);
    },
  )
  .get(
    "/drafts/:id/decision",
    requireInstallation("app", "admin"),
    validate("param", DraftIdParamSchema),
    async (c) => {
      const decision = await getDecisionForDraft(
        c.get("deps").database.db,
        c.get("tenant").installationId,
        c.req.valid("param").id,
      );
      return c.json(decision);
    },
  )
  .post(
    "/drafts/:id/sent",
    requireInstallation("app"),
    validate("param", DraftIdParamSchema),
    validate("json", SentRequestSchema),
    async (c) => {
      const decision = await recordSent(
        c.get("ctx"),
        c.get("tenant"),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.json(decision);
    },
  )
  .post(
    "/drafts/:id/outcomes",
    requireInstallation("app"),
    validate("param", DraftIdParamSchema),
    validate("json", OutcomesRequestSchema),
    async (c) => {
      const decision = await recordOutcomes(
        c.get("ctx"),
        c.get("tenant"),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.json(decision);
    },
  )
  .get(
    "/executions/:id",
    requireInstallation("app", "admin"),
    validate("param", ExecutionIdParamSchema),
    async (c) => {
      const execution = await getExecution(
        c.get("deps").database.db,
        c.get("tenant").installationId,
        c.req.valid("param").id,
      );
      return c.json(execution);
    },
  )
  .post(
    "/executions/:id/retry",
    requireInstallation("app", "admin"),
    validate("param", ExecutionIdParamSchema),
    async (c) => {
      const ctx = c.get("ctx");
      const tenant = c.get("tenant");
      const { execution, attemptBase } = await retryExecution(
        ctx,
        tenant.installationId,
        c.req.valid("param").id,
        { kind: "agent", id: tenant.agentClaim?.id ?? null },
      );
      await enqueueExecutions(ctx, c.get("deps").jobs, [
        { id: execution.id, attemptBase, firstRun: false },
      ]);
      return c.json(execution, 202);
    },
  );

const tag = "Decisions";
const signingDescription = [
  "Approved business actions are executed by the server from a durable outbox: an HTTP POST of",
  "`{ executionId, action: { id, type, params }, ticketId, decisionId, approvedBy }` to the",
  "action's `endpoint`, with headers `X-Tandem-Timestamp` (unix seconds),",
  '`X-Tandem-Signature: v1=<hex HMAC-SHA256(webhookSecret, timestamp + "." + rawBody)>`,',
  "`Idempotency-Key` (the execution id: identical on every retry), `X-Tandem-Action-Type` and",
  "`X-Tandem-Attempt`. A 2xx answer completes the execution (its JSON body is stored as the",
  "result); 408, 425, 429, 5xx, timeouts and network errors are retried with exponential backoff",
  "(5 attempts); other 4xx fail at once. A failed execution can be retried.",
].join(" ");

export const decisionDocs: OperationDoc[] = [
  {
    method: "post",
    path: "/v1/drafts/{id}/decision",
    summary: "Record the agent's decision on a draft (idempotent by idempotencyKey)",
    description: `Reply outcome and per-action outcomes. Replaying the same idempotencyKey returns the same decision and executes nothing twice; a ticketRevision that no longer matches answers 409 STALE_DRAFT, and so does a draft whose ticket was drafted again since (the customer wrote again) unless \`seenTicketRevision\` names that latest revision: the agent read it, and the decision records it; edited params are re-validated against the action's schema (400). Auto actions are recorded as applied by policy. With a Zendesk JWT its agent wins over \`agent\`; either way the agent is recorded with \`agentIdentity: "asserted"\` (the app's code names it; no host signs who the agent is). ${signingDescription}`,
    tag,
    security: "installation",
    scopes: ["app"],
    params: DraftIdParamSchema,
    body: DecisionRequestSchema,
    responses: {
      200: {
        description: "The decision, with executions of approved business actions",
        schema: DecisionSchema,
      },
      400: { description: "Invalid body or params that break the action's schema" },
      404: { description: "Unknown draft" },
      409: {
        description:
          "STALE_DRAFT (a newer revision was drafted and `seenTicketRevision` is not it), or the draft (or its ticket revision) already has another decision, or the draft has no reply to decide",
      },
    },
  },
  {
    method: "get",
    path: "/v1/drafts/{id}/decision",
    summary: "The decision on a draft, with its executions' current state",
    tag,
    security: "installation",
    scopes: ["app", "admin"],
    params: DraftIdParamSchema,
    responses: {
      200: { description: "Decision", schema: DecisionSchema },
      404: { description: "Unknown draft, or not decided yet" },
    },
  },
  {
    method: "post",
    path: "/v1/drafts/{id}/sent",
    summary: "The reply text the agent finally sent; replaces the approved text for edit distance",
    description:
      "Sent means the agent submitted the ticket, so field actions reported `staged` are recorded as `applied`.",
    tag,
    security: "installation",
    scopes: ["app"],
    params: DraftIdParamSchema,
    body: SentRequestSchema,
    responses: {
      200: { description: "Updated decision", schema: DecisionSchema },
      404: { description: "Unknown draft" },
      409: { description: "The draft has no decision yet" },
    },
  },
  {
    method: "post",
    path: "/v1/drafts/{id}/outcomes",
    summary: "What the helpdesk did after the decision: reply inserted, field actions applied",
    description:
      "The sidebar reports whether the reply reached the helpdesk editor and, per approved field action of the decision, whether the helpdesk saved it (`applied`), only set it in the ticket form (`staged`: saved when the agent submits the ticket, which `/sent` confirms) or refused it (`failed`, audited). Idempotent; `applied` is final, so a later report never turns it back into `staged`. Business actions are executed by the server and are not reported here. Analytics count applied, staged and failed field actions from these reports, never from the approval alone.",
    tag,
    security: "installation",
    scopes: ["app"],
    params: DraftIdParamSchema,
    body: OutcomesRequestSchema,
    responses: {
      200: { description: "The decision with the reported outcomes", schema: DecisionSchema },
      400: {
        description:
          "An id that is not an approved field action of this decision (unknown, rejected, or a business action)",
      },
      404: { description: "Unknown draft" },
      409: { description: "The draft has no decision yet" },
    },
  },
  {
    method: "get",
    path: "/v1/executions/{id}",
    summary: "State of one business-action execution (pending, running, succeeded, failed)",
    description: signingDescription,
    tag,
    security: "installation",
    scopes: ["app", "admin"],
    params: ExecutionIdParamSchema,
    responses: {
      200: { description: "Execution", schema: ExecutionSchema },
      404: { description: "Unknown" },
    },
  },
  {
    method: "post",
    path: "/v1/executions/{id}/retry",
    summary: "Retry a failed execution with a fresh set of attempts",
    tag,
    security: "installation",
    scopes: ["app", "admin"],
    params: ExecutionIdParamSchema,
    responses: {
      202: { description: "Queued again", schema: ExecutionSchema },
      404: { description: "Unknown" },
      409: { description: "Not in the failed state" },
    },
  },
];
