import { createRoute, OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import { ErrorBodySchema, type TokenScope } from "@tandem/shared";
import type { MiddlewareHandler, ValidationTargets } from "hono";
import type { ZodType } from "zod";
import { badRequestFromZod } from "../errors";
import { requireAdmin, requireInstallation } from "../middleware/auth";
import type { AppEnv } from "../types";

const WHAT: Record<keyof ValidationTargets, string> = {
  json: "request body",
  query: "query string",
  param: "path parameter",
  header: "header",
  cookie: "cookie",
  form: "form body",
};

/** A router whose routes carry their OpenAPI; every validation failure is the contract's 400. */
export function openApiRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw badRequestFromZod(result.error, WHAT[result.target]);
    },
  });
}

/** Who may call a route: nobody in particular, the operator, or an installation token's scopes. */
export type Access =
  | { security: "none" }
  | { security: "admin" }
  | { security: "installation"; scopes: TokenScope[] };

const errorContent = { "application/json": { schema: ErrorBodySchema } };
const errorResponse = (description: string) => ({ description, content: errorContent });

function middlewareFor(access: Access): MiddlewareHandler<AppEnv>[] {
  if (access.security === "admin") return [requireAdmin];
  if (access.security === "installation") return [requireInstallation(...access.scopes)];
  return [];
}

function standardErrors(access: Access, declared: RouteConfig["responses"]) {
  const responses: RouteConfig["responses"] = {
    400: errorResponse("Invalid input (see error.issues)"),
    ...(access.security === "none"
      ? {}
      : {
          401: errorResponse("Missing, unknown or revoked token"),
          403: errorResponse("Token lacks the required scope"),
        }),
    413: errorResponse("Body larger than the limit"),
    500: errorResponse("Internal error (no details are exposed)"),
  };
  for (const [status, response] of Object.entries(declared)) {
    // A documented error without its own schema still answers the contract's error body.
    const isError = Number(status) >= 400;
    const hasContent = "content" in response && response.content;
    responses[status] = isError && !hasContent ? { ...response, content: errorContent } : response;
  }
  return responses;
}

/**
 * Declares a route once: its path, input schemas, responses and who may call it. The access
 * becomes both the route's middleware and its OpenAPI `security` (the scope table test reads
 * it), so the documentation cannot drift from what is enforced.
 */
export function defineRoute<const R extends Omit<RouteConfig, "middleware" | "security">>(
  access: Access,
  route: R,
) {
  const security =
    access.security === "none"
      ? []
      : [access.security === "admin" ? { adminToken: [] } : { installationToken: access.scopes }];
  return createRoute({
    ...route,
    middleware: middlewareFor(access),
    security,
    responses: standardErrors(access, route.responses),
  } as R & { middleware: MiddlewareHandler<AppEnv>[] });
}

/** A JSON response or request content of a route declaration. */
export const json = <T extends ZodType>(schema: T) => ({ "application/json": { schema } });

/** A required JSON request body of a route declaration. */
export const jsonBody = <T extends ZodType>(schema: T) => ({
  required: true,
  content: json(schema),
});
