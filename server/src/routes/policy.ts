import { PolicyInputSchema, PolicySchema } from "@tandem/shared";
import { Hono } from "hono";
import { AppError } from "../errors";
import { validate } from "../lib/validate";
import { requireInstallation } from "../middleware/auth";
import type { OperationDoc } from "../openapi/registry";

import { getPolicy, updatePolicy } from "../services/policy";
import type { AppEnv } from "../types";

/** `If-Match: "3"` (or W/"3", or 3) → 3. */
function expectedVersion(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match?.[1]) throw new AppError("BAD_REQUEST", 'If-Match must be a policy version, e.g. "3"');
  return Number(match[1]);
}

/** What the AI may propose and which actions need a human. */
export const policyRoutes = new Hono<AppEnv>()
  .get("/", requireInstallation("app", "admin"), async (c) => {
    const policy = await getPolicy(c.get("deps").database.db, c.get("tenant").installationId);
    c.header("ETag", `"${policy.version}"`);
    return c.json(policy);
  })
  .put("/", requireInstallation("admin"), validate("json", PolicyInputSchema), async (c) => {
    const tenant = c.get("tenant");
    const policy = await updatePolicy(c.get("ctx"), tenant.installationId, c.req.valid("json"), {
      actorId: tenant.agentClaim?.id ?? null,
      expectedVersion: expectedVersion(c.req.header("if-match")),
    });
    c.header("ETag", `"${policy.version}"`);
    return c.json(policy);
  });

const tag = "Policy";
export const policyDocs: OperationDoc[] = [
  {
    method: "get",
    path: "/v1/policy",
    summary: "The installation's policy (defaults until saved); ETag carries the version",
    tag,
    security: "installation",
    scopes: ["app", "admin"],
    responses: { 200: { description: "Policy", schema: PolicySchema } },
  },
  {
    method: "put",
    path: "/v1/policy",
    summary: "Replace the policy",
    description:
      "Rules missing from `rules` take the defaults (every built-in action needs approval). Business actions' " +
      "`paramsSchema` must be a valid JSON Schema (2020-12). Each save bumps `version` and is audited as " +
      '`policy.changed`. Send `If-Match: "<version>"` to refuse overwriting a newer save (409).',
    tag,
    security: "installation",
    scopes: ["admin"],
    body: PolicyInputSchema,
    responses: {
      200: { description: "Saved", schema: PolicySchema },
      409: { description: "If-Match did not match the current version" },
    },
  },
];
