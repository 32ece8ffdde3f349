import {
  AuditEventSchema,
  AuditQuerySchema,
  TokenCreatedSchema,
  TokenCreateSchema,
  TokenSchema,
  WhoAmISchema,
} from "@tandem/shared";
import { Hono } from "hono";
import { z } from "zod";
import { validate } from "../lib/validate";
import { requireInstallation } from "../middleware/auth";
import type { OperationDoc } from "../openapi/registry";

import { listAuditEvents } from "../services/audit";
import {
  getInstallationRow,
  issueToken,
  listTokens,
  revokeToken,
  toInstallation,
} from "../services/installations";
import type { AppEnv } from "../types";

const TokenIdSchema = z.object({ tokenId: z.uuid() });

/** Routes about the calling installation itself: who am I, its tokens, its audit trail. */
export const installationRoutes = new Hono<AppEnv>()
  .get("/installation", requireInstallation(), async (c) => {
    const tenant = c.get("tenant");
    const row = await getInstallationRow(c.get("deps").database.db, tenant.installationId);
    return c.json({
      installation: toInstallation(row),
      scopes: tenant.scopes,
      agent: tenant.agentClaim,
    });
  })
  .get("/tokens", requireInstallation("admin"), async (c) => {
    const tokens = await listTokens(c.get("deps").database.db, c.get("tenant").installationId);
    return c.json({ tokens });
  })
  .post("/tokens", requireInstallation("admin"), validate("json", TokenCreateSchema), async (c) => {
    const tenant = c.get("tenant");
    const token = await issueToken(c.get("ctx"), tenant.installationId, c.req.valid("json"), {
      kind: "agent",
      id: tenant.agentClaim?.id ?? null,
    });
    return c.json(token, 201);
  })
  .delete(
    "/tokens/:tokenId",
    requireInstallation("admin"),
    validate("param", TokenIdSchema),
    async (c) => {
      const tenant = c.get("tenant");
      await revokeToken(c.get("ctx"), tenant.installationId, c.req.valid("param").tokenId, {
        kind: "agent",
        id: tenant.agentClaim?.id ?? null,
      });
      return c.body(null, 204);
    },
  )
  .get("/audit", requireInstallation("admin"), validate("query", AuditQuerySchema), async (c) => {
    const events = await listAuditEvents(c.get("deps").database.db, {
      installationId: c.get("tenant").installationId,
      ...c.req.valid("query"),
    });
    return c.json({ events });
  });

const tag = "Installation";
export const installationDocs: OperationDoc[] = [
  {
    method: "get",
    path: "/v1/installation",
    summary: "The installation, scopes and agent (asserted) of the calling token",
    description:
      'Any scope. `agent` is the agent named in a valid Zendesk JWT (`X-Tandem-Agent-Jwt`), always `identity: "asserted"`: the claims are written by the app\'s own code, so the server records who the app says decided but never calls it verified.',
    tag,
    security: "installation",
    scopes: ["app", "admin", "bot"],
    responses: { 200: { description: "Who am I", schema: WhoAmISchema } },
  },
  {
    method: "get",
    path: "/v1/tokens",
    summary: "List this installation's tokens",
    tag,
    security: "installation",
    scopes: ["admin"],
    responses: {
      200: { description: "Tokens", schema: z.object({ tokens: z.array(TokenSchema) }) },
    },
  },
  {
    method: "post",
    path: "/v1/tokens",
    summary: "Issue a token, e.g. a `bot` token that may request approvals but not decide them",
    description:
      "Scopes: `app` (the helpdesk apps: draft, decide, read), `admin` (policy, knowledge, tokens, helpdesk connection, jobs, audit; it cannot decide), `bot` (external AI agents: request approvals and read them). A `bot` scope cannot be combined with another (400).",
    tag,
    security: "installation",
    scopes: ["admin"],
    body: TokenCreateSchema,
    responses: { 201: { description: "Issued; shown once", schema: TokenCreatedSchema } },
  },
  {
    method: "delete",
    path: "/v1/tokens/{tokenId}",
    summary: "Revoke one of this installation's tokens",
    tag,
    security: "installation",
    scopes: ["admin"],
    params: TokenIdSchema,
    responses: { 204: { description: "Revoked" }, 404: { description: "Unknown" } },
  },
  {
    method: "get",
    path: "/v1/audit",
    summary: "Append-only audit trail, newest first",
    tag,
    security: "installation",
    scopes: ["admin"],
    query: AuditQuerySchema,
    responses: {
      200: { description: "Events", schema: z.object({ events: z.array(AuditEventSchema) }) },
    },
  },
];
