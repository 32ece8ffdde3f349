import { ErrorBodySchema } from "@tandem/shared";
import { type ZodType, z } from "zod";

export type Security = "none" | "admin" | "installation";

export interface OperationDoc {
  method: "get" | "post" | "put" | "delete" | "patch";
  /** OpenAPI path, e.g. `/v1/drafts/{id}`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  security: Security;
  /** Scopes the token must carry, for installation-secured operations. */
  scopes?: string[];
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  responses: Record<number, { description: string; schema?: ZodType; contentType?: string }>;
}

function jsonSchema(schema: ZodType, io: "input" | "output") {
  return z.toJSONSchema(schema, { target: "draft-2020-12", unrepresentable: "any", io });
}

function parametersFrom(schema: ZodType | undefined, location: "path" | "query") {
  if (!schema) return [];
  const json = jsonSchema(schema, "input") as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === "path" || (json.required ?? []).includes(name),
    schema: property,
  }));
}

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: jsonSchema(ErrorBodySchema, "output") } },
});

/** Builds the OpenAPI 3.1 document from the same zod schemas the routes validate with. */
export function buildOpenApiDocument(
  operations: OperationDoc[],
  info: { version: string; serverUrl: string },
) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(op.responses)) {
      responses[status] = response.schema
        ? {
            description: response.description,
            content: {
              [response.contentType ?? "application/json"]: {
                schema: jsonSchema(response.schema, "output"),
              },
            },
          }
        : { description: response.description };
    }
    responses["400"] ??= errorResponse("Invalid input (see error.issues)");
    if (op.security !== "none") {
      responses["401"] ??= errorResponse("Missing, unknown or revoked token");
      responses["403"] ??= errorResponse("Token lacks the required scope");
    }
    responses["413"] ??= errorResponse("Body larger than the limit");
    responses["500"] ??= errorResponse("Internal error (no details are exposed)");
    const operation: Record<string, unknown> = {
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: [op.tag],
      operationId: `${op.method}${op.path.replace(/[^a-zA-Z0-9]+(.)?/g, (_m, ch?: string) => (ch ? ch.toUpperCase() : ""))}`,
      parameters: [...parametersFrom(op.params, "path"), ...parametersFrom(op.query, "query")],
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: jsonSchema(op.body, "input") } },
            },
          }
        : {}),
      responses,
      security:
        op.security === "none"
          ? []
          : [op.security === "admin" ? { adminToken: [] } : { installationToken: op.scopes ?? [] }],
    };
    paths[op.path] ??= {};
    (paths[op.path] as Record<string, unknown>)[op.method] = operation;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Tandem API",
      version: info.version,
      description:
        "Human-in-the-loop AI for helpdesks: drafts, proposed actions, approvals and analytics. " +
        "Every error has the shape { error: { code, message, requestId } }; branch on `code`.",
    },
    servers: [{ url: info.serverUrl }],
    components: {
      securitySchemes: {
        installationToken: {
          type: "http",
          scheme: "bearer",
          description:
            "An installation's API token. Scope `app`: the helpdesk apps (draft, decide, read). " +
            "Scope `admin`: policy, knowledge, tokens, helpdesk connection, jobs, audit (no decisions). " +
            "Scope `bot`: external AI agents (request approvals, read them).",
        },
        adminToken: { type: "http", scheme: "bearer", description: "The operator's ADMIN_TOKEN." },
      },
    },
    paths,
  };
}
