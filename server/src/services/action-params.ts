import { BuiltInActionParams, isBuiltInActionType } from "@tandem/shared";
import type { ErrorObject, ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { ErrorIssue } from "../errors";
import { issuesFromZod } from "../errors";

// ajv-formats is CommonJS; under ESM interop its callable may sit on `.default`.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule })
  .default ?? addFormatsModule) as typeof addFormatsModule;

// Policies declare params in JSON Schema draft 2020-12.
const ajv = new Ajv2020({ allErrors: true, strict: false, coerceTypes: false });
addFormats(ajv);

/** Compiled validators by schema text; policies change rarely, so this stays small. */
const compiled = new Map<string, ValidateFunction>();
const MAX_COMPILED = 256;

function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}

function ajvIssues(errors: ErrorObject[] | null | undefined, prefix: string): ErrorIssue[] {
  return (errors ?? []).slice(0, 50).map((error) => ({
    path: `${prefix}${error.instancePath.replace(/\//g, ".")}`.slice(0, 500),
    message: (error.message ?? "invalid").slice(0, 500),
  }));
}

/**
 * Checks an action's params: built-in types against their zod contract, business actions against
 * the JSON Schema the policy declares. Returns the issues (empty when valid), paths prefixed.
 */
export function validateActionParams(
  type: string,
  params: Record<string, unknown>,
  businessSchema: Record<string, unknown> | undefined,
  prefix = "params",
): ErrorIssue[] {
  if (isBuiltInActionType(type)) {
    const result = BuiltInActionParams[type].safeParse(params);
    if (result.success) return [];
    return issuesFromZod(result.error).map((issue) => ({
      ...issue,
      path: `${prefix}.${issue.path}`.slice(0, 500),
    }));
  }
  if (!businessSchema) return [{ path: prefix, message: `unknown action type '${type}'` }];
  let validate: ValidateFunction;
  try {
    validate = validatorFor(businessSchema);
  } catch {
    return [{ path: prefix, message: `the policy's params schema for '${type}' does not compile` }];
  }
  return validate(params) ? [] : ajvIssues(validate.errors, prefix);
}
