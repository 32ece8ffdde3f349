import { verify } from "hono/jwt";

export type JwtClaims = Record<string, unknown> & { exp: number; nbf?: number; iat?: number };

export type JwtResult = { ok: true; claims: JwtClaims } | { ok: false; reason: string };

const LEEWAY_SECONDS = 60;

/**
 * The longest lifetime left in a token we accept. Zendesk's proxy mints a fresh JWT for every
 * request (our app asks for `expiry: 300`), so a token valid for hours can only be one minted
 * to be replayed; an hour is generous for the app and short for a captured token.
 */
export const MAX_JWT_LIFETIME_SECONDS = 3600;

/** hono/jwt's refusals (by error name), in words an app developer can act on. */
const REASONS: Record<string, string> = {
  JwtTokenInvalid: "malformed token",
  JwtHeaderInvalid: "unsupported header (alg must be HS256)",
  JwtAlgorithmMismatch: "unsupported algorithm",
  JwtTokenSignatureMismatched: "bad signature",
};

/**
 * Verifies an HS256 JWT as minted by Zendesk's proxy for the `jwt` request option. hono/jwt
 * checks the header and the signature; the time rules are ours, on the server's clock and with
 * a leeway, which hono/jwt's own time checks (on `Date.now()`, optional `exp`) cannot express.
 */
export async function verifyAgentJwt(
  token: string,
  secret: string,
  nowSeconds: number,
): Promise<JwtResult> {
  let claims: unknown;
  try {
    claims = await verify(token, secret, { alg: "HS256", exp: false, nbf: false, iat: false });
  } catch (err) {
    const name = err instanceof Error ? err.name : "";
    return { ok: false, reason: REASONS[name] ?? "malformed token" };
  }
  if (typeof claims !== "object" || claims === null) return { ok: false, reason: "bad claims" };
  const c = claims as Record<string, unknown>;
  // A token without `exp` would be valid forever once captured.
  if (typeof c.exp !== "number" || !Number.isFinite(c.exp)) {
    return { ok: false, reason: "no expiry (exp)" };
  }
  if (nowSeconds > c.exp + LEEWAY_SECONDS) return { ok: false, reason: "expired" };
  if (c.exp - nowSeconds > MAX_JWT_LIFETIME_SECONDS + LEEWAY_SECONDS) {
    return { ok: false, reason: `expiry more than ${MAX_JWT_LIFETIME_SECONDS} seconds ahead` };
  }
  if (typeof c.nbf === "number" && nowSeconds + LEEWAY_SECONDS < c.nbf) {
    return { ok: false, reason: "not yet valid" };
  }
  return { ok: true, claims: c as JwtClaims };
}
