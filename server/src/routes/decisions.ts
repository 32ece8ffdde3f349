import {
  DecisionRequestSchema,
  DecisionSchema,
  DraftIdParamSchema,
  ExecutionSchema,
  OutcomesRequestSchema,
  SentRequestSchema,
} from "@tandem/shared";
import { z } from "zod";
import { tenantContext } from "../middleware/context";
import { defineRoute, json, jsonBody, openApiRouter } from "../openapi/route";
import { getDecisionForDraft, recordDecision, recordSent } from "../services/decisions";
import { getExecution, retryExecution } from "../services/executions";
import { recordOutcomes } from "../services/outcomes";
import { appOrAdmin, sidebar } from "./access";

const tags = ["Decisions"];

const ExecutionIdParamSchema = z.object({ id: z.uuid() });

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

const decide = defineRoute(sidebar, {
  method: "post",
  path: "/drafts/{id}/decision",
  summary: "Record the agent's decision on a draft (idempotent by idempotencyKey)",
  description: `Reply outcome and per-action outcomes. Replaying the same idempotencyKey returns the same decision and executes nothing twice; a ticketRevision that no longer matches answers 409 STALE_DRAFT, and so does a draft whose ticket was drafted again since (the customer wrote again) unless \`seenTicketRevision\` names that latest revision: the agent read it, and the decision records it; edited params are re-validated against the action's schema (400). Auto actions are recorded as applied by policy. With a Zendesk JWT its agent wins over \`agent\`; either way the agent is recorded with \`agentIdentity: "asserted"\` (the app's code names it; no host signs who the agent is). ${signingDescription}`,
  tags,
  request: { params: DraftIdParamSchema, body: jsonBody(DecisionRequestSchema) },
  responses: {
    200: {
      description: "The decision, with executions of approved business actions",
      content: json(DecisionSchema),
    },
    400: { description: "Invalid body or params that break the action's schema" },
    404: { description: "Unknown draft" },
    409: {
      description:
        "STALE_DRAFT (a newer revision was drafted and `seenTicketRevision` is not it), or the draft (or its ticket revision) already has another decision, or the draft has no reply to decide",
    },
  },
});

const decisionOfDraft = defineRoute(appOrAdmin, {
  method: "get",
  path: "/drafts/{id}/decision",
  summary: "The decision on a draft, with its executions' current state",
  tags,
  request: { params: DraftIdParamSchema },
  responses: {
    200: { description: "Decision", content: json(DecisionSchema) },
    404: { description: "Unknown draft, or not decided yet" },
  },
});

const sent = defineRoute(sidebar, {
  method: "post",
  path: "/drafts/{id}/sent",
  summary: "The reply text the agent finally sent; replaces the approved text for edit distance",
  description:
    "Sent means the agent submitted the ticket, so field actions reported `staged` are recorded as `applied`.",
  tags,
  request: { params: DraftIdParamSchema, body: jsonBody(SentRequestSchema) },
  responses: {
    200: { description: "Updated decision", content: json(DecisionSchema) },
    404: { description: "Unknown draft" },
    409: { description: "The draft has no decision yet" },
  },
});

const outcomes = defineRoute(sidebar, {
  method: "post",
  path: "/drafts/{id}/outcomes",
  summary: "What the helpdesk did after the decision: reply inserted, field actions applied",
  description:
    "The sidebar reports whether the reply reached the helpdesk editor and, per approved field action of the decision, whether the helpdesk saved it (`applied`), only set it in the ticket form (`staged`: saved when the agent submits the ticket, which `/sent` confirms) or refused it (`failed`, audited). Idempotent; `applied` is final, so a later report never turns it back into `staged`. Business actions are executed by the server and are not reported here. Analytics count applied, staged and failed field actions from these reports, never from the approval alone.",
  tags,
  request: { params: DraftIdParamSchema, body: jsonBody(OutcomesRequestSchema) },
  responses: {
    200: {
      description: "The decision with the reported outcomes",
      content: json(DecisionSchema),
    },
    400: {
      description:
        "An id that is not an approved field action of this decision (unknown, rejected, or a business action)",
    },
    404: { description: "Unknown draft" },
    409: { description: "The draft has no decision yet" },
  },
});

const execution = defineRoute(appOrAdmin, {
  method: "get",
  path: "/executions/{id}",
  summary: "State of one business-action execution (pending, running, succeeded, failed)",
  description: signingDescription,
  tags,
  request: { params: ExecutionIdParamSchema },
  responses: {
    200: { description: "Execution", content: json(ExecutionSchema) },
    404: { description: "Unknown" },
  },
});

const retry = defineRoute(appOrAdmin, {
  method: "post",
  path: "/executions/{id}/retry",
  summary: "Retry a failed execution with a fresh set of attempts",
  tags,
  request: { params: ExecutionIdParamSchema },
  responses: {
    202: { description: "Queued again", content: json(ExecutionSchema) },
    404: { description: "Unknown" },
    409: { description: "Not in the failed state" },
  },
});

/**
 * Decisions on drafts, and the executions of the business actions they approved. Only the
 * helpdesk app decides; admin tokens read decisions and retry executions.
 */
export const decisionRoutes = openApiRouter()
  .openapi(decide, async (c) => {
    const decision = await recordDecision({
      ctx: tenantContext(c),
      input: { draftId: c.req.valid("param").id, request: c.req.valid("json") },
    });
    return c.json(decision, 200);
  })
  .openapi(decisionOfDraft, async (c) => {
    const decision = await getDecisionForDraft({
      ctx: tenantContext(c),
      input: { draftId: c.req.valid("param").id },
    });
    return c.json(decision, 200);
  })
  .openapi(sent, async (c) => {
    const decision = await recordSent({
      ctx: tenantContext(c),
      input: { draftId: c.req.valid("param").id, request: c.req.valid("json") },
    });
    return c.json(decision, 200);
  })
  .openapi(outcomes, async (c) => {
    const decision = await recordOutcomes({
      ctx: tenantContext(c),
      input: { draftId: c.req.valid("param").id, request: c.req.valid("json") },
    });
    return c.json(decision, 200);
  })
  .openapi(execution, async (c) => {
    const found = await getExecution({
      ctx: tenantContext(c),
      input: { executionId: c.req.valid("param").id },
    });
    return c.json(found, 200);
  })
  .openapi(retry, async (c) => {
    const retried = await retryExecution({
      ctx: tenantContext(c),
      input: { executionId: c.req.valid("param").id },
    });
    return c.json(retried, 202);
  });
