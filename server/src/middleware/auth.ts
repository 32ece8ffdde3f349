import type { TokenScope } from "@tandem/shared";
import { createMiddleware } from "hono/factory";
import { withTenant } from "../context";
import { AppError } from "../errors";
import { safeEqual, sha256 } from "../lib/crypto";
import { verifyAgentJwt } from "../lib/jwt";
import { cachedLookup, rememberLookup } from "../lib/token-cache";
import { authenticateToken, jwtSecretOf, touchToken } from "../services/installations";
import type { AgentClaim, AppEnv } from "../types";

/** Header carrying Zendesk's `{{jwt.token}}` (no underscores: the ZAF proxy drops those). */
export const AGENT_JWT_HEADER = "x-tandem-agent-jwt";

function bearerFrom(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1] ?? null;
}

const TOUCH_INTERVAL_MS = 60_000;
const lastTouched = new Map<string, number>();

/**
 * Resolves the bearer token to its installation and checks that the token carries one of the
 * allowed scopes. Everything downstream reads `c.get("tenant")` and scopes data by it.
 */
export function requireInstallation(...allowed: TokenScope[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const deps = c.get("deps");
    const presented = bearerFrom(c.req.header("authorization"));
    if (!presented || presented.length > 200) {
      throw new AppError("UNAUTHORIZED", "Missing or malformed bearer token");
    }
    const cacheKey = sha256(presented);
    const nowMs = Date.now();
    let found = cachedLookup<Awaited<ReturnType<typeof authenticateToken>>>(cacheKey, nowMs);
    if (found === undefined) {
      found = await authenticateToken(deps.database.db, presented);
      // Unknown tokens are not cached: a token issued a moment ago must work at once.
      if (found) rememberLookup(cacheKey, found, nowMs);
    }
    if (!found) throw new AppError("UNAUTHORIZED", "Unknown or revoked token");
    const scopes = found.token.scopes as TokenScope[];
    if (allowed.length > 0 && !allowed.some((scope) => scopes.includes(scope))) {
      throw new AppError("FORBIDDEN", `This token lacks the scope: ${allowed.join(" or ")}`);
    }

    // With a JWT secret set, app-token calls must come through the installation's Zendesk proxy,
    // which alone holds the secret: a copied app token is useless outside the helpdesk. The
    // agent in the claims is still only asserted (the iframe's code writes the claims).
    let agentClaim: AgentClaim | null = null;
    const jwtSecret = jwtSecretOf(deps, found.installation);
    const jwt = c.req.header(AGENT_JWT_HEADER);
    if (jwtSecret && scopes.includes("app") && !scopes.includes("bot")) {
      if (!jwt) throw new AppError("UNAUTHORIZED", "This installation requires a signed agent JWT");
      const nowSeconds = Math.floor(deps.clock.now().getTime() / 1000);
      const result = await verifyAgentJwt(jwt, jwtSecret, nowSeconds);
      if (!result.ok) throw new AppError("UNAUTHORIZED", `Agent JWT rejected: ${result.reason}`);
      const id = result.claims.agent_id ?? result.claims.sub;
      if (typeof id === "string" || typeof id === "number") {
        const name = result.claims.agent_name ?? result.claims.name;
        agentClaim = {
          id: String(id),
          ...(typeof name === "string" ? { name } : {}),
          identity: "asserted",
        };
      }
    }

    const tenant = {
      installationId: found.installation.id,
      platform: found.installation.platform,
      subdomain: found.installation.subdomain,
      tokenId: found.token.id,
      scopes,
      agentClaim,
    };
    c.set("tenant", tenant);
    c.set("ctx", withTenant(c.get("ctx"), tenant));

    const now = deps.clock.now().getTime();
    if ((lastTouched.get(found.token.id) ?? 0) < now - TOUCH_INTERVAL_MS) {
      lastTouched.set(found.token.id, now);
      touchToken(deps.database.db, found.token.id, new Date(now)).catch(() => {});
    }
    await next();
  });
}

/** Operator endpoints: bearer ADMIN_TOKEN, compared in constant time; disabled when unset. */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const expectedHash = c.get("deps").config.adminTokenHash;
  if (!expectedHash) {
    throw new AppError("FORBIDDEN", "The admin API is disabled: set ADMIN_TOKEN to enable it");
  }
  const presented = bearerFrom(c.req.header("authorization"));
  if (!presented || !safeEqual(sha256(presented), expectedHash)) {
    throw new AppError("UNAUTHORIZED", "Missing or wrong admin token");
  }
  await next();
});
