import { sign } from "hono/jwt";

/**
 * Mints an HS256 JWT the way Zendesk's proxy does for the `jwt` request option. Claims are loose
 * on purpose: tests also mint malformed ones (an `exp` that is not a number).
 */
export function signAgentJwt(claims: Record<string, unknown>, secret: string): Promise<string> {
  return sign(claims as Parameters<typeof sign>[0], secret, "HS256");
}
