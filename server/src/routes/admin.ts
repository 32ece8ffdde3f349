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
import { Hono } from "hono";
import { z } from "zod";
import { validate } from "../lib/validate";
import { requireAdmin } from "../middleware/auth";
import type { OperationDoc } from "../openapi/registry";

import {
  createInstallation,
  getInstallationRow,
  issueToken,
  listInstallations,
  listTokens,
  revokeToken,
  rotateToken,
  rotateWebhookSecret,
  setJwtSecret,
  toInstallation,
} from "../services/installations";
import type { AppEnv } from "../types";

const JwtSecretSchema = z.object({ jwtSecret: z.string().min(16).max(512).nullable() });

export const adminRoutes = new Hono<AppEnv>()
  .use(requireAdmin)
  .post("/installations", validate("json", InstallationCreateSchema), async (c) => {
    const created = await createInstallation(c.get("ctx"), c.req.valid("json"));
    return c.json(created, 201);
  })
  .get("/installations", async (c) => {
    return c.json({ installations: await listInstallations(c.get("deps").database.db) });
  })
  .get("/installations/:id", validate("param", InstallationIdParamSchema), async (c) => {
    const row = await getInstallationRow(c.get("deps").database.db, c.req.valid("param").id);
    return c.json(toInstallation(row));
  })
  .post(
    "/installations/:id/tokens",
    validate("param", InstallationIdParamSchema),
    validate("json", TokenCreateSchema),
    async (c) => {
      const token = await issueToken(c.get("ctx"), c.req.valid("param").id, c.req.valid("json"));
      return c.json(token, 201);
    },
  )
  .get("/installations/:id/tokens", validate("param", InstallationIdParamSchema), async (c) => {
    const { id } = c.req.valid("param");
    await getInstallationRow(c.get("deps").database.db, id);
    return c.json({ tokens: await listTokens(c.get("deps").database.db, id) });
  })
  .post(
    "/installations/:id/tokens/:tokenId/rotate",
    validate("param", TokenIdParamSchema),
    async (c) => {
      const { id, tokenId } = c.req.valid("param");
      return c.json(await rotateToken(c.get("ctx"), id, tokenId), 201);
    },
  )
  .delete(
    "/installations/:id/tokens/:tokenId",
    validate("param", TokenIdParamSchema),
    async (c) => {
      const { id, tokenId } = c.req.valid("param");
      await revokeToken(c.get("ctx"), id, tokenId);
      return c.body(null, 204);
    },
  )
  .post(
    "/installations/:id/webhook-secret/rotate",
    validate("param", InstallationIdParamSchema),
    async (c) => {
      return c.json(await rotateWebhookSecret(c.get("ctx"), c.req.valid("param").id));
    },
  )
  .put(
    "/installations/:id/jwt-secret",
    validate("param", InstallationIdParamSchema),
    validate("json", JwtSecretSchema),
    async (c) => {
      const installation = await setJwtSecret(
        c.get("ctx"),
        c.req.valid("param").id,
        c.req.valid("json").jwtSecret,
      );
      return c.json(installation);
    },
  );

const tag = "Admin (operator)";
export const adminDocs: OperationDoc[] = [
  {
    method: "post",
    path: "/v1/admin/installations",
    summary: "Create an installation; answers its app token, admin token and webhook secret once",
    description:
      "`appToken` (scope `app`) goes into the helpdesk app's secure setting: it drafts, decides and reads. `adminToken` (scope `admin`) stays with the people who set the policy and knowledge, manage tokens and connect the helpdesk; it cannot decide. Never paste the admin token into a helpdesk app: anyone with the browser's developer tools could use it through the helpdesk's proxy.",
    tag,
    security: "admin",
    body: InstallationCreateSchema,
    responses: {
      201: { description: "Created", schema: InstallationCreatedSchema },
      409: { description: "Already exists" },
    },
  },
  {
    method: "get",
    path: "/v1/admin/installations",
    summary: "List installations",
    tag,
    security: "admin",
    responses: {
      200: {
        description: "Installations",
        schema: z.object({ installations: z.array(InstallationSchema) }),
      },
    },
  },
  {
    method: "get",
    path: "/v1/admin/installations/{id}",
    summary: "One installation",
    tag,
    security: "admin",
    params: InstallationIdParamSchema,
    responses: {
      200: { description: "Installation", schema: InstallationSchema },
      404: { description: "Unknown" },
    },
  },
  {
    method: "post",
    path: "/v1/admin/installations/{id}/tokens",
    summary: "Issue a token (e.g. a `bot` token for an external AI agent)",
    tag,
    security: "admin",
    params: InstallationIdParamSchema,
    body: TokenCreateSchema,
    responses: { 201: { description: "Issued; shown once", schema: TokenCreatedSchema } },
  },
  {
    method: "get",
    path: "/v1/admin/installations/{id}/tokens",
    summary: "List tokens (hashes are never shown)",
    tag,
    security: "admin",
    params: InstallationIdParamSchema,
    responses: {
      200: { description: "Tokens", schema: z.object({ tokens: z.array(TokenSchema) }) },
    },
  },
  {
    method: "post",
    path: "/v1/admin/installations/{id}/tokens/{tokenId}/rotate",
    summary: "Replace a token with a new one of the same scopes",
    tag,
    security: "admin",
    params: TokenIdParamSchema,
    responses: { 201: { description: "New token", schema: TokenCreatedSchema } },
  },
  {
    method: "delete",
    path: "/v1/admin/installations/{id}/tokens/{tokenId}",
    summary: "Revoke a token",
    tag,
    security: "admin",
    params: TokenIdParamSchema,
    responses: {
      204: { description: "Revoked" },
      404: { description: "Unknown or already revoked" },
    },
  },
  {
    method: "post",
    path: "/v1/admin/installations/{id}/webhook-secret/rotate",
    summary: "Rotate the webhook signing secret",
    tag,
    security: "admin",
    params: InstallationIdParamSchema,
    responses: {
      200: { description: "New secret", schema: z.object({ webhookSecret: z.string() }) },
    },
  },
  {
    method: "put",
    path: "/v1/admin/installations/{id}/jwt-secret",
    summary: "Set or clear the Zendesk JWT shared secret",
    tag,
    security: "admin",
    params: InstallationIdParamSchema,
    body: JwtSecretSchema,
    responses: { 200: { description: "Updated", schema: InstallationSchema } },
  },
];
