import {
  InstallationCreatedSchema,
  InstallationCreateSchema,
  InstallationIdParamSchema,
  InstallationSchema,
  TokenCreatedSchema,
  TokenCreateSchema,
  TokenIdParamSchema,
  TokenSchema,
} from "@tandem/shared";
import { z } from "zod";
import { defineRoute, json, jsonBody, openApiRouter } from "../openapi/route";
import {
  createInstallation,
  getInstallation,
  issueInstallationToken,
  listInstallations,
  listInstallationTokens,
  revokeInstallationToken,
  rotateInstallationToken,
  rotateWebhookSecret,
  setJwtSecret,
} from "../services/installations";
import { operator } from "./access";

const tags = ["Admin (operator)"];
const JwtSecretSchema = z.object({ jwtSecret: z.string().min(16).max(512).nullable() });

const create = defineRoute(operator, {
  method: "post",
  path: "/installations",
  summary: "Create an installation; answers its app token, admin token and webhook secret once",
  description:
    "`appToken` (scope `app`) goes into the helpdesk app's secure setting: it drafts, decides and reads. `adminToken` (scope `admin`) stays with the people who set the policy and knowledge, manage tokens and connect the helpdesk; it cannot decide. Never paste the admin token into a helpdesk app: anyone with the browser's developer tools could use it through the helpdesk's proxy.",
  tags,
  request: { body: jsonBody(InstallationCreateSchema) },
  responses: {
    201: { description: "Created", content: json(InstallationCreatedSchema) },
    409: { description: "Already exists" },
  },
});

const list = defineRoute(operator, {
  method: "get",
  path: "/installations",
  summary: "List installations",
  tags,
  responses: {
    200: {
      description: "Installations",
      content: json(z.object({ installations: z.array(InstallationSchema) })),
    },
  },
});

const one = defineRoute(operator, {
  method: "get",
  path: "/installations/{id}",
  summary: "One installation",
  tags,
  request: { params: InstallationIdParamSchema },
  responses: {
    200: { description: "Installation", content: json(InstallationSchema) },
    404: { description: "Unknown" },
  },
});

const tokenIssue = defineRoute(operator, {
  method: "post",
  path: "/installations/{id}/tokens",
  summary: "Issue a token (e.g. a `bot` token for an external AI agent)",
  tags,
  request: {
    params: InstallationIdParamSchema,
    body: jsonBody(TokenCreateSchema),
  },
  responses: { 201: { description: "Issued; shown once", content: json(TokenCreatedSchema) } },
});

const tokenList = defineRoute(operator, {
  method: "get",
  path: "/installations/{id}/tokens",
  summary: "List tokens (hashes are never shown)",
  tags,
  request: { params: InstallationIdParamSchema },
  responses: {
    200: { description: "Tokens", content: json(z.object({ tokens: z.array(TokenSchema) })) },
  },
});

const tokenRotate = defineRoute(operator, {
  method: "post",
  path: "/installations/{id}/tokens/{tokenId}/rotate",
  summary: "Replace a token with a new one of the same scopes",
  tags,
  request: { params: TokenIdParamSchema },
  responses: { 201: { description: "New token", content: json(TokenCreatedSchema) } },
});

const tokenRevoke = defineRoute(operator, {
  method: "delete",
  path: "/installations/{id}/tokens/{tokenId}",
  summary: "Revoke a token",
  tags,
  request: { params: TokenIdParamSchema },
  responses: {
    204: { description: "Revoked" },
    404: { description: "Unknown or already revoked" },
  },
});

const webhookSecretRotate = defineRoute(operator, {
  method: "post",
  path: "/installations/{id}/webhook-secret/rotate",
  summary: "Rotate the webhook signing secret",
  tags,
  request: { params: InstallationIdParamSchema },
  responses: {
    200: { description: "New secret", content: json(z.object({ webhookSecret: z.string() })) },
  },
});

const jwtSecretSet = defineRoute(operator, {
  method: "put",
  path: "/installations/{id}/jwt-secret",
  summary: "Set or clear the Zendesk JWT shared secret",
  tags,
  request: {
    params: InstallationIdParamSchema,
    body: jsonBody(JwtSecretSchema),
  },
  responses: { 200: { description: "Updated", content: json(InstallationSchema) } },
});

/** The operator's API (bearer ADMIN_TOKEN): installations and their credentials. */
export const adminRoutes = openApiRouter()
  .openapi(create, async (c) => {
    return c.json(await createInstallation({ ctx: c.get("ctx"), input: c.req.valid("json") }), 201);
  })
  .openapi(list, async (c) => {
    return c.json(
      { installations: await listInstallations({ ctx: c.get("ctx"), input: {} }) },
      200,
    );
  })
  .openapi(one, async (c) => {
    const installationId = c.req.valid("param").id;
    return c.json(await getInstallation({ ctx: c.get("ctx"), input: { installationId } }), 200);
  })
  .openapi(tokenIssue, async (c) => {
    const input = { installationId: c.req.valid("param").id, ...c.req.valid("json") };
    return c.json(await issueInstallationToken({ ctx: c.get("ctx"), input }), 201);
  })
  .openapi(tokenList, async (c) => {
    const installationId = c.req.valid("param").id;
    const tokens = await listInstallationTokens({ ctx: c.get("ctx"), input: { installationId } });
    return c.json({ tokens }, 200);
  })
  .openapi(tokenRotate, async (c) => {
    const { id: installationId, tokenId } = c.req.valid("param");
    const input = { installationId, tokenId };
    return c.json(await rotateInstallationToken({ ctx: c.get("ctx"), input }), 201);
  })
  .openapi(tokenRevoke, async (c) => {
    const { id: installationId, tokenId } = c.req.valid("param");
    await revokeInstallationToken({ ctx: c.get("ctx"), input: { installationId, tokenId } });
    return c.body(null, 204);
  })
  .openapi(webhookSecretRotate, async (c) => {
    const installationId = c.req.valid("param").id;
    return c.json(await rotateWebhookSecret({ ctx: c.get("ctx"), input: { installationId } }), 200);
  })
  .openapi(jwtSecretSet, async (c) => {
    const input = { installationId: c.req.valid("param").id, ...c.req.valid("json") };
    return c.json(await setJwtSecret({ ctx: c.get("ctx"), input }), 200);
  });
