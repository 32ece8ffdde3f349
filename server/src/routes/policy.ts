import { PolicyInputSchema, PolicySchema } from "@tandem/shared";
import { z } from "zod";
import { AppError } from "../errors";
import { tenantContext } from "../middleware/context";
import { defineRoute, json, jsonBody, openApiRouter } from "../openapi/route";
import { getPolicy, updatePolicy } from "../services/policy";
import { admin, appOrAdmin } from "./access";

const tags = ["Policy"];

/** `If-Match: "3"` (or W/"3", or 3) → 3. */
function expectedVersion(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match?.[1]) throw new AppError("BAD_REQUEST", 'If-Match must be a policy version, e.g. "3"');
  return Number(match[1]);
}

const read = defineRoute(appOrAdmin, {
  method: "get",
  path: "/",
  summary: "The installation's policy (defaults until saved); ETag carries the version",
  tags,
  responses: { 200: { description: "Policy", content: json(PolicySchema) } },
});

const replace = defineRoute(admin, {
  method: "put",
  path: "/",
  summary: "Replace the policy",
  description:
    "Rules missing from `rules` take the defaults (every built-in action needs approval). Business actions' " +
    "`paramsSchema` must be a valid JSON Schema (2020-12). Each save bumps `version` and is audited as " +
    '`policy.changed`. Send `If-Match: "<version>"` to refuse overwriting a newer save (409).',
  tags,
  request: {
    headers: z.object({ "if-match": z.string().optional() }),
    body: jsonBody(PolicyInputSchema),
  },
  responses: {
    200: { description: "Saved", content: json(PolicySchema) },
    409: { description: "If-Match did not match the current version" },
  },
});

/** What the AI may propose and which actions need a human. */
export const policyRoutes = openApiRouter()
  .openapi(read, async (c) => {
    const policy = await getPolicy({ ctx: tenantContext(c), input: {} });
    c.header("ETag", `"${policy.version}"`);
    return c.json(policy, 200);
  })
  .openapi(replace, async (c) => {
    const input = {
      policy: c.req.valid("json"),
      expectedVersion: expectedVersion(c.req.valid("header")["if-match"]),
    };
    const policy = await updatePolicy({ ctx: tenantContext(c), input });
    c.header("ETag", `"${policy.version}"`);
    return c.json(policy, 200);
  });
