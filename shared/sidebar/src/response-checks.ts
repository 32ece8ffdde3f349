/**
 * The server's answers as the sidebar reads them. The contracts' zod schemas (@tandem/shared)
 * would put the whole schema library into each app's sidebar bundle (a third of it), so the
 * sidebar checks the shape it relies on instead: every field it reads, with the contracts'
 * defaults; bounds stay the server's job, and fields it does not read pass through. A body that
 * breaks the shape throws with the path at fault (the API client turns it into BAD_RESPONSE).
 */
import type {
  AnalyticsSummary,
  ApprovalRequest,
  Decision,
  Draft,
  Execution,
  ProposedAction,
  WhoAmISchema,
} from "@tandem/shared";
import type { z } from "zod";

export type WhoAmI = z.infer<typeof WhoAmISchema>;

/** Checks one value at `path`; answers it with the contract's defaults filled in. */
type Check = (value: unknown, path: string) => unknown;

/** A check whose output is the contract's type (the contract stays the source of truth). */
export interface ResponseSchema<T> {
  parse(value: unknown): T;
}

const fail = (path: string, expected: string): never => {
  throw new Error(`${path || "body"}: expected ${expected}`);
};

const string: Check = (value, path) => (typeof value === "string" ? value : fail(path, "a string"));
const number: Check = (value, path) =>
  typeof value === "number" && Number.isFinite(value) ? value : fail(path, "a number");
const boolean: Check = (value, path) =>
  typeof value === "boolean" ? value : fail(path, "true or false");
const oneOf =
  (...values: string[]): Check =>
  (value, path) =>
    values.includes(value as string) ? value : fail(path, `one of ${values.join(", ")}`);
const optional =
  (check: Check): Check =>
  (value, path) =>
    value === undefined ? value : check(value, path);
const nullable =
  (check: Check): Check =>
  (value, path) =>
    value === null ? value : check(value, path);
const withDefault =
  (check: Check, fallback: () => unknown): Check =>
  (value, path) =>
    value === undefined ? fallback() : check(value, path);
const list =
  (item: Check): Check =>
  (value, path) =>
    Array.isArray(value)
      ? value.map((entry, index) => item(entry, `${path}.${index}`))
      : fail(path, "a list");
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const record: Check = (value, path) => (isObject(value) ? value : fail(path, "an object"));
/** An object with these fields checked; other fields pass through untouched. */
const shape =
  (fields: Record<string, Check>): Check =>
  (value, path) => {
    if (!isObject(value)) return fail(path, "an object");
    const out: Record<string, unknown> = { ...value };
    for (const [key, check] of Object.entries(fields)) {
      const checked = check(value[key], path ? `${path}.${key}` : key);
      if (checked !== undefined) out[key] = checked;
    }
    return out;
  };

const text = optional(string);
const listOrEmpty = (item: Check) => withDefault(list(item), () => []);
const agent = shape({ id: string, name: string });

const paramField = shape({
  name: string,
  label: string,
  type: oneOf("string", "number", "integer", "boolean"),
  format: text,
  required: boolean,
  minimum: optional(number),
  maximum: optional(number),
});

const proposedAction = shape({
  id: string,
  type: string,
  kind: oneOf("field", "business"),
  title: text,
  params: record,
  rationale: string,
  risk: oneOf("low", "medium", "high"),
  approval: oneOf("auto", "required"),
  targetParams: listOrEmpty(string),
  addedBy: withDefault(oneOf("drafter", "agent"), () => "drafter"),
  fulfils: listOrEmpty(string),
  paramFields: listOrEmpty(paramField),
});

const execution = shape({
  id: string,
  actionId: string,
  type: string,
  status: oneOf("pending", "running", "succeeded", "failed"),
  attempts: number,
  lastError: text,
  updatedAt: string,
});

const decision = shape({
  id: string,
  draftId: string,
  ticketId: string,
  ticketRevision: string,
  agent,
  reply: shape({ outcome: oneOf("accepted", "edited", "rejected"), body: text }),
  acknowledgedCommitments: boolean,
  actions: list(
    shape({
      id: string,
      type: string,
      outcome: oneOf("approved", "rejected", "applied_by_policy"),
      params: record,
      paramsEdited: boolean,
      hostResult: optional(oneOf("applied", "staged", "failed")),
    }),
  ),
  executions: list(execution),
  createdAt: string,
});

const draft = shape({
  id: string,
  ticketId: string,
  ticketRevision: string,
  mode: oneOf("model", "offline"),
  model: text,
  fallbackReason: text,
  reply: shape({ body: string, language: string }),
  summary: string,
  triage: shape({
    intent: string,
    sentiment: string,
    urgency: string,
    language: string,
    confidence: number,
  }),
  rationale: list(string),
  citations: list(shape({ kind: string, id: string, title: string, internal: boolean })),
  actions: list(proposedAction),
  instruction: text,
  latencyMs: number,
  commitments: list(shape({ kind: string, text: string, actionId: nullable(string) })),
  needsReply: boolean,
  decision: nullable(decision),
  backableKinds: listOrEmpty(string),
  createdAt: string,
});

const approvalRequest = shape({
  id: string,
  ticketId: string,
  status: oneOf("pending", "approved", "rejected", "expired", "executed", "failed"),
  action: shape({
    type: string,
    title: text,
    params: record,
    risk: oneOf("low", "medium", "high"),
    targetParams: listOrEmpty(string),
  }),
  before: optional(record),
  summary: string,
  requestedBy: shape({
    id: string,
    name: string,
    kind: withDefault(oneOf("bot", "human"), () => "bot"),
  }),
  expiresAt: string,
  decision: optional(shape({ agent, outcome: oneOf("approved", "rejected"), params: record })),
  execution: optional(execution),
});

const whoAmI = shape({
  installation: shape({ id: string, platform: oneOf("zendesk", "freshdesk") }),
  scopes: list(string),
  agent: nullable(shape({ id: string })),
});

const analyticsSummary = shape({
  from: string,
  to: string,
  totals: shape({ drafts: number, decided: number }),
  estimatedTimeSaved: shape({ minutes: number, assumption: string }),
});

const schema = <T>(check: Check): ResponseSchema<T> => ({
  parse: (value) => check(value, "") as T,
});

export const DraftResponse = schema<Draft>(draft);
export const DecisionResponse = schema<Decision>(decision);
export const ProposedActionResponse = schema<ProposedAction>(proposedAction);
export const ApprovalRequestResponse = schema<ApprovalRequest>(approvalRequest);
export const ExecutionResponse = schema<Execution>(execution);
export const WhoAmIResponse = schema<WhoAmI>(whoAmI);
export const AnalyticsSummaryResponse = schema<AnalyticsSummary>(analyticsSummary);
