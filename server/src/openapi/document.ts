import type { OpenAPIHono } from "@hono/zod-openapi";
import type { TokenScope } from "@tandem/shared";
import type { AppEnv } from "../types";

type Info = { version: string; serverUrl: string };
type Operation = { security?: Record<string, string[]>[] };
type Document = { paths?: Record<string, Record<string, Operation>> } & Record<string, unknown>;

const DESCRIPTION =
  "Human-in-the-loop AI for helpdesks: drafts, proposed actions, approvals and analytics. " +
  "Every error has the shape { error: { code, message, requestId } }; branch on `code`.";

const SECURITY_SCHEMES = {
  installationToken: {
    type: "http",
    scheme: "bearer",
    description:
      "An installation's API token. Scope `app`: the helpdesk apps (draft, decide, read). " +
      "Scope `admin`: policy, knowledge, tokens, helpdesk connection, jobs, audit (no decisions). " +
      "Scope `bot`: external AI agents (request approvals, read them).",
  },
  adminToken: { type: "http", scheme: "bearer", description: "The operator's ADMIN_TOKEN." },
} as const;

/** The OpenAPI 3.1 document generated from the routes' own declarations. */
export function openApiDocument(router: OpenAPIHono<AppEnv>, info: Info): Document {
  const generated = router.getOpenAPI31Document({
    openapi: "3.1.0",
    info: { title: "Tandem API", version: info.version, description: DESCRIPTION },
    servers: [{ url: info.serverUrl }],
  }) as unknown as Document;
  const components = (generated.components ?? {}) as Record<string, unknown>;
  return { ...generated, components: { ...components, securitySchemes: SECURITY_SCHEMES } };
}

export interface OperationAccess {
  method: string;
  path: string;
  security: "none" | "admin" | "installation";
  /** The scopes an installation token must carry; undefined: any scope. */
  scopes?: TokenScope[];
}

/** Each operation of a document with who may call it, read from its `security`. */
export function operationsOf(document: Document): OperationAccess[] {
  const operations: OperationAccess[] = [];
  for (const [path, methods] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(methods)) {
      const requirement = operation.security?.[0];
      if (!requirement) {
        operations.push({ method, path, security: "none" });
      } else if ("adminToken" in requirement) {
        operations.push({ method, path, security: "admin" });
      } else {
        const scopes = requirement.installationToken as TokenScope[] | undefined;
        operations.push({
          method,
          path,
          security: "installation",
          ...(scopes && scopes.length > 0 ? { scopes } : {}),
        });
      }
    }
  }
  return operations;
}
