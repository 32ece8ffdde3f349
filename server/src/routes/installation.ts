import {
  AuditEventSchema,
  AuditQuerySchema,
  TokenCreatedSchema,
  TokenCreateSchema,
  TokenSchema,
  WhoAmISchema,
} from "@tandem/shared";
import { z } from "zod";
import { tenantContext } from "../middleware/context";
import { defineRoute, json, jsonBody, openApiRouter } from "../openapi/route";
import { listAuditEvents } from "../services/audit";
import { describeCaller, issueToken, listTokens, revokeToken } from "../services/installations";
import { admin } from "./access";

const tags = ["Installation"];
const TokenIdSchema = z.object({ tokenId: z.uuid() });

const whoAmI = defineRoute(
  { security: "installation", scopes: ["app", "admin", "bot"] },
  {
    method: "get",
    path: "/installation",
    summary: "The installation, scopes and agent (asserted) of the calling token",
    description:
      'Any scope. `agent` is the agent named in a valid Zendesk JWT (`X-Tandem-Agent-Jwt`), always `identity: "asserted"`: the claims are written by the app\'s own code, so the server records who the app says decided but never calls it verified.',
    tags,
    responses: {
      200: { description: "Who am I", content: json(WhoAmISchema) },
    },
  },
);

const tokenList = defineRoute(admin, {
  method: "get",
  path: "/tokens",
  summary: "List this installation's tokens",
  tags,
  responses: {
    200: { description: "Tokens", content: json(z.object({ tokens: z.array(TokenSchema) })) },
  },
});

const tokenIssue = defineRoute(admin, {
  method: "post",
  path: "/tokens",
  summary: "Issue a token, e.g. a `bot` token that may request approvals but not decide them",
  description:
    "Scopes: `app` (the helpdesk apps: draft, decide, read), `admin` (policy, knowledge, tokens, helpdesk connection, jobs, audit; it cannot decide), `bot` (external AI agents: request approvals and read them). A `bot` scope cannot be combined with another (400).",
  tags,
  request: { body: jsonBody(TokenCreateSchema) },
  responses: {
    201: { description: "Issued; shown once", content: json(TokenCreatedSchema) },
  },
});

const tokenRevoke = defineRoute(admin, {
  method: "delete",
  path: "/tokens/{tokenId}",
  summary: "Revoke one of this installation's tokens",
  tags,
  request: { params: TokenIdSchema },
  responses: { 204: { description: "Revoked" }, 404: { description: "Unknown" } },
});

const audit = defineRoute(admin, {
  method: "get",
  path: "/audit",
  summary: "Append-only audit trail, newest first",
  tags,
  request: { query: AuditQuerySchema },
  responses: {
    200: { description: "Events", content: json(z.object({ events: z.array(AuditEventSchema) })) },
  },
});

/** Routes about the calling installation itself: who am I, its tokens, its audit trail. */
export const installationRoutes = openApiRouter()
  .openapi(whoAmI, async (c) => {
    return c.json(await describeCaller({ ctx: tenantContext(c), input: {} }), 200);
  })
  .openapi(tokenList, async (c) => {
    return c.json({ tokens: await listTokens({ ctx: tenantContext(c), input: {} }) }, 200);
  })
  .openapi(tokenIssue, async (c) => {
    const token = await issueToken({ ctx: tenantContext(c), input: c.req.valid("json") });
    return c.json(token, 201);
  })
  .openapi(tokenRevoke, async (c) => {
    await revokeToken({ ctx: tenantContext(c), input: c.req.valid("param") });
    return c.body(null, 204);
  })
  .openapi(audit, async (c) => {
    const events = await listAuditEvents({ ctx: tenantContext(c), input: c.req.valid("query") });
    return c.json({ events }, 200);
  });
