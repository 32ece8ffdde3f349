import type { ParamField, Params, ProposedAction } from "@tandem/shared";
import { effectiveParams, isLockedParam } from "./decision";
import { humanize } from "./describe-action";
import type { MessageKey, Translator } from "./i18n";
import type { ReviewState } from "./review-state";

/**
 * How a view draws a param: each maps to its helpdesk's native input. Date-times and times are
 * text: the browsers' inputs for them drop the seconds and time zone the schema formats require.
 */
export type ParamControl = "text" | "number" | "date" | "email" | "url" | "select" | "checkbox";

export interface ParamFieldView {
  name: string;
  /** The param in the agent's language where the product knows it (`Check-in`), else the policy's. */
  label: string;
  control: ParamControl;
  /** What the action would run with (the proposal and the agent's edits); undefined when not given. */
  value: unknown;
  /** `value` as an input shows it; "" when not given. */
  text: string;
  /** `select`: the allowed values as the input holds them, as shown, and as the action takes them. */
  options: Array<{ value: string; label: string; param: string | number }>;
  required: boolean;
  /** Required and not given: approving waits for it. */
  missing: boolean;
  /** A target param: shown read-only, never changed. */
  locked: boolean;
  /** Numbers: the schema's bounds, and whole numbers only for integers. */
  min?: number;
  max?: number;
  step?: "1" | "any";
}

/** What a param field needs of an action: a draft's proposed action or a bot's request. */
export interface ParamFieldSource {
  params: Params;
  targetParams?: readonly string[];
  paramFields?: readonly ParamField[];
}

const CONTROL_OF_FORMAT: Record<NonNullable<ParamField["format"]>, ParamControl> = {
  date: "date",
  "date-time": "text",
  time: "text",
  email: "email",
  uri: "url",
};

function controlOf(field: ParamField): ParamControl {
  if (field.type === "boolean") return "checkbox";
  if (field.enum && field.enum.length > 0) return "select";
  if (field.type === "number" || field.type === "integer") return "number";
  return field.format ? CONTROL_OF_FORMAT[field.format] : "text";
}

/** Empty for approval: not given, or only blanks. */
export function isEmptyParam(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && !value.trim());
}

function labelOf(name: string, fallback: string, t: Translator | undefined): string {
  if (!t) return fallback;
  const key = `param.${name}` as MessageKey;
  const known = t(key);
  return known === key ? fallback : known;
}

/**
 * A field for every param the policy declares for the action (`paramFields`), filled in or not,
 * then any other scalar param it carries; without declared fields (built-in field actions, bot
 * requests) the scalar params it carries. `params` is what it would run with (edits applied);
 * without `t` the labels are the policy's.
 */
export function paramFieldViews(
  action: ParamFieldSource,
  params: Params,
  t?: Translator,
): ParamFieldView[] {
  const declared = action.paramFields ?? [];
  const known = new Set(declared.map((field) => field.name));
  const carried: ParamField[] = Object.entries(action.params)
    .filter(([name, value]) => !known.has(name) && ["string", "number"].includes(typeof value))
    .map(([name, value]) => ({
      name,
      label: humanize(name),
      type: typeof value === "number" ? "number" : "string",
      required: false,
    }));
  return [...declared, ...carried].map((field) => {
    const value = params[field.name];
    const control = controlOf(field);
    const numeric = control === "number";
    return {
      name: field.name,
      label: labelOf(field.name, field.label, t),
      control,
      value,
      text: value === undefined || value === null ? "" : String(value),
      options: (field.enum ?? []).map((option) => ({
        value: String(option),
        label: String(option),
        param: option,
      })),
      required: field.required,
      missing: field.required && isEmptyParam(value),
      locked: isLockedParam(action, field.name),
      ...(numeric && field.minimum !== undefined ? { min: field.minimum } : {}),
      ...(numeric && field.maximum !== undefined ? { max: field.maximum } : {}),
      ...(numeric ? { step: field.type === "integer" ? ("1" as const) : ("any" as const) } : {}),
    };
  });
}

/**
 * The param value after the agent typed or picked `input` in the field: a number stays a number
 * when it parses, a select answers the option's own value, a checkbox a boolean, and an emptied
 * field is not given (undefined), so approving waits for a required one.
 */
export function paramFieldValue(field: ParamFieldView, input: string | boolean): unknown {
  if (field.control === "checkbox") return input === true || input === "true";
  const text = String(input);
  if (text.trim() === "") return undefined;
  if (field.control === "number") {
    const number = Number(text);
    return Number.isFinite(number) ? number : text;
  }
  if (field.control === "select") {
    return field.options.find((option) => option.value === text)?.param ?? text;
  }
  return text;
}

/** A required param of a checked business action that the agent still has to give. */
export interface MissingParam {
  actionId: string;
  /** The action's title ("Change booking dates"). */
  action: string;
  param: string;
  /** The param in the agent's language ("Check-in"). */
  label: string;
}

/** Required params of the checked business actions that are empty: approving waits for them. */
export function missingParams(state: ReviewState, t?: Translator): MissingParam[] {
  const draft = state.draft;
  if (!draft) return [];
  return draft.actions
    .filter((action) => action.kind === "business" && state.selected[action.id] !== false)
    .flatMap((action: ProposedAction) =>
      paramFieldViews(action, effectiveParams(action, state.paramEdits[action.id]), t)
        .filter((field) => field.missing)
        .map((field) => ({
          actionId: action.id,
          action: action.title ?? humanize(action.type),
          param: field.name,
          label: field.label,
        })),
    );
}

/** "Fill in Change booking dates: Check-in, Check-out to approve.", or "" when nothing is missing. */
export function missingParamsText(state: ReviewState, t: Translator): string {
  const missing = missingParams(state, t);
  if (missing.length === 0) return "";
  const byAction = new Map<string, MissingParam[]>();
  for (const item of missing)
    byAction.set(item.actionId, [...(byAction.get(item.actionId) ?? []), item]);
  const fields = [...byAction.values()]
    .map((items) => `${items[0]?.action ?? ""}: ${items.map((item) => item.label).join(", ")}`)
    .join("; ");
  return t("actions.missing_params", { fields });
}
