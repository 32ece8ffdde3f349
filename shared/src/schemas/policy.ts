import { z } from "zod";
import { Limits } from "../limits";
import {
  ActionTypeSchema,
  ApprovalRuleSchema,
  BuiltInActionTypeSchema,
  BuiltInActionTypes,
  RiskSchema,
} from "./actions";
import { IsoDateSchema, UrlSchema } from "./common";
import { CommitmentKindSchema, CommitmentKinds } from "./draft";

/** A JSON Schema (draft 2020-12 subset) describing a business action's params. */
export const JsonSchemaObjectSchema = z
  .record(z.string().max(100), z.unknown())
  .refine((value) => value.type === "object", { message: "params schema must have type 'object'" })
  .refine((value) => JSON.stringify(value).length <= Limits.jsonSchemaBytes, {
    message: `params schema must serialize to at most ${Limits.jsonSchemaBytes} bytes`,
  });

export const BusinessActionSchema = z
  .object({
    type: ActionTypeSchema,
    title: z.string().min(1).max(Limits.nameLength),
    description: z.string().max(Limits.policyTextLength).default(""),
    paramsSchema: JsonSchemaObjectSchema,
    endpoint: UrlSchema,
    risk: RiskSchema.default("high"),
    approval: ApprovalRuleSchema.default("required"),
    /**
     * Params that name the object the action changes (e.g. `["bookingId"]`): an approver can
     * never change them (`409 TARGET_LOCKED`). Omitted → every param whose name ends in `Id`.
     */
    targetParams: z.array(z.string().min(1).max(100)).max(20).optional(),
    /**
     * The promises this action backs when approved (a reply saying "I have refunded you" needs
     * an action that fulfils `refund`). Omitted → guessed from the type and title (`refund_*`,
     * `change_booking_*`, `cancel_*`…); `[]` → it backs none.
     */
    fulfils: z.array(CommitmentKindSchema).max(CommitmentKinds.length).optional(),
  })
  .meta({ id: "BusinessAction" });
export type BusinessAction = z.infer<typeof BusinessActionSchema>;

export const BuiltInRulesSchema = z.partialRecord(BuiltInActionTypeSchema, ApprovalRuleSchema);

export const PolicyInputSchema = z
  .object({
    brandVoice: z.string().max(Limits.policyTextLength).default(""),
    instructions: z.string().max(Limits.policyTextLength).default(""),
    rules: BuiltInRulesSchema.default({}),
    businessActions: z
      .array(BusinessActionSchema)
      .max(Limits.businessActionsPerPolicy)
      .default([])
      .refine((list) => new Set(list.map((a) => a.type)).size === list.length, {
        message: "business action types must be unique",
      })
      .refine(
        (list) => list.every((a) => !(BuiltInActionTypes as readonly string[]).includes(a.type)),
        { message: "a business action cannot reuse a built-in action type" },
      ),
    piiMasking: z.boolean().default(true),
    autoRetentionDays: z.number().int().min(1).max(3650).optional(),
  })
  .meta({ id: "PolicyInput" });
export type PolicyInput = z.input<typeof PolicyInputSchema>;

export const PolicySchema = PolicyInputSchema.extend({
  rules: z.record(BuiltInActionTypeSchema, ApprovalRuleSchema),
  version: z.number().int().min(1),
  updatedAt: IsoDateSchema,
}).meta({ id: "Policy" });
export type Policy = z.infer<typeof PolicySchema>;

/**
 * Defaults for a new installation: harmless field actions are proposed but still need a click
 * until an admin opts in; nothing is auto; business actions default to `required`.
 */
export const DefaultBuiltInRules: Record<
  z.infer<typeof BuiltInActionTypeSchema>,
  z.infer<typeof ApprovalRuleSchema>
> = {
  set_status: "required",
  set_priority: "required",
  set_type: "required",
  add_tags: "required",
  remove_tags: "required",
  assign_group: "required",
  assign_agent: "required",
  set_custom_field: "required",
  apply_macro: "required",
  add_internal_note: "required",
};
