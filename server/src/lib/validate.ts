import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import type { ZodType } from "zod";
import { badRequestFromZod } from "../errors";

const WHAT: Record<keyof ValidationTargets, string> = {
  json: "request body",
  query: "query string",
  param: "path parameter",
  header: "header",
  cookie: "cookie",
  form: "form body",
};

/** zValidator with the contract's 400 body for every failure. */
export function validate<T extends ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) {
  return zValidator(target, schema, (result) => {
    if (!result.success) throw badRequestFromZod(result.error, WHAT[target]);
  });
}
