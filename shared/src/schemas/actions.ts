import { z } from "zod";
import { Limits } from "../limits";
import { type BuiltInActionType, BuiltInActionTypes } from "./built-in-action-types";
import { CommitmentKindSchema, CommitmentKinds } from "./commitment-kind";
import { IdSchema, NameSchema, ParamsSchema } from "./common";

export {
  type BuiltInActionType,
  BuiltInActionTypes,
  isBuiltInActionType,
} from "./built-in-action-types";
export const BuiltInActionTypeSchema = z.enum(BuiltInActionTypes);

/** Custom business actions are snake_case names declared in the policy. */
export const ActionTypeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,63}$/, "action types are snake_case, 2–64 characters");
export type ActionType = z.infer<typeof ActionTypeSchema>;

export const RiskSchema = z.enum(["low", "medium", "high"]);
export type Risk = z.infer<typeof RiskSchema>;

export const ApprovalRuleSchema = z.enum(["auto", "required", "blocked"]);
export type ApprovalRule = z.infer<typeof ApprovalRuleSchema>;

/** Helpdesk-neutral values; each sidebar maps them to its host's own. */
export const TicketStatusSchema = z.enum(["new", "open", "pending", "hold", "solved", "closed"]);
export type TicketStatus = z.infer<typeof TicketStatusSchema>;
export const TicketPrioritySchema = z.enum(["low", "normal", "high", "urgent"]);
export type TicketPriority = z.infer<typeof TicketPrioritySchema>;

const tagList = z.array(z.string().min(1).max(Limits.tagLength)).min(1).max(20);

/** Params of each built-in action type; business actions bring their own JSON Schema. */
export const BuiltInActionParams = {
  set_status: z.object({ status: TicketStatusSchema }).strict(),
  set_priority: z.object({ priority: TicketPrioritySchema }).strict(),
  set_type: z.object({ type: z.string().min(1).max(100) }).strict(),
  add_tags: z.object({ tags: tagList }).strict(),
  remove_tags: z.object({ tags: tagList }).strict(),
  assign_group: z.object({ groupId: IdSchema, groupName: NameSchema.optional() }).strict(),
  assign_agent: z.object({ agentId: IdSchema, agentName: NameSchema.optional() }).strict(),
  set_custom_field: z
    .object({
      fieldId: IdSchema,
      label: NameSchema.optional(),
      value: z.union([z.string().max(2_000), z.number(), z.boolean(), z.null()]),
    })
    .strict(),
  apply_macro: z.object({ macroId: IdSchema, title: NameSchema.optional() }).strict(),
  add_internal_note: z.object({ body: z.string().min(1).max(Limits.replyLength) }).strict(),
} satisfies Record<BuiltInActionType, z.ZodType>;

/** An action as a macro or an external agent states it, before the policy has looked at it. */
export const ProposedActionInputSchema = z
  .object({
    type: ActionTypeSchema,
    params: ParamsSchema,
  })
  .meta({ id: "ProposedActionInput" });
export type ProposedActionInput = z.infer<typeof ProposedActionInputSchema>;

export const ActionKindSchema = z.enum(["field", "business"]);
export type ActionKind = z.infer<typeof ActionKindSchema>;

export const ParamFieldTypes = ["string", "number", "integer", "boolean"] as const;
/** JSON Schema formats a sidebar draws with a dedicated input; others are plain text. */
export const ParamFieldFormats = ["date", "date-time", "time", "email", "uri"] as const;

/**
 * One scalar param a business action's JSON Schema declares, as a sidebar draws it: a field
 * for every param, filled in or not (the server pre-fills only what the ticket names).
 */
export const ParamFieldSchema = z
  .object({
    name: z.string().min(1).max(100),
    /** The schema's `title`, or the name humanised (`checkIn` → "Check in"). */
    label: z.string().min(1).max(Limits.nameLength),
    type: z.enum(ParamFieldTypes),
    format: z.enum(ParamFieldFormats).optional(),
    /** The allowed values, when the schema lists them: drawn as a select. */
    enum: z
      .array(z.union([z.string().max(Limits.nameLength), z.number()]))
      .max(Limits.paramFieldOptions)
      .optional(),
    required: z.boolean(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
  })
  .meta({ id: "ParamField" });
export type ParamField = z.infer<typeof ParamFieldSchema>;

/** An action in a draft: checked against the catalog, its schema and the policy. */
export const ProposedActionSchema = z
  .object({
    id: IdSchema,
    type: ActionTypeSchema,
    kind: ActionKindSchema,
    title: z.string().max(Limits.nameLength).optional(),
    params: ParamsSchema,
    rationale: z.string().max(Limits.rationaleLength),
    risk: RiskSchema,
    approval: z.enum(["auto", "required"]),
    /** Params naming the object the action changes: shown read-only, never changed on approval. */
    targetParams: z.array(z.string().max(100)).max(20).default([]),
    /** Who put the action in the draft: the drafter, or the agent (to back a promise). */
    addedBy: z.enum(["drafter", "agent"]).default("drafter"),
    /**
     * The promise kinds approving this action backs, as the policy said when it was proposed
     * (its `fulfils`, else guessed from type and title): the sidebar binds the reply's promises
     * with exactly what the server's decision check uses.
     */
    fulfils: z.array(CommitmentKindSchema).max(CommitmentKinds.length).default([]),
    /**
     * Business actions: every scalar param the policy's JSON Schema declares, so the agent can
     * fill in what was not proposed (dates the ticket does not name). Empty for field actions.
     */
    paramFields: z.array(ParamFieldSchema).max(Limits.paramFieldsPerAction).default([]),
  })
  .meta({ id: "ProposedAction" });
export type ProposedAction = z.infer<typeof ProposedActionSchema>;
