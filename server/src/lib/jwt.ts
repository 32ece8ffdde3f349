import { createHmac, timingSafeEqual } from "node:crypto";

export type JwtClaims = Record<string, unknown> & { exp?: number; nbf?: number; iat?: number };

export type JwtResult = { ok: true; claims: JwtClaims } | { ok: false; reason: string };

const LEEWAY_SECONDS = 60;

/**
 * The longest lifetime left in a token we accept. Zendesk's proxy mints a fresh JWT for every
 * request (our app asks for `expiry: 300`), so a token valid for hours can only be one minted
 * to be replayed; an hour is generous for the app and short for a captured token.
 */
export const MAX_JWT_LIFETIME_SECONDS = 3600;

function decodeJson(part: string): unknown {
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
}

/** Verifies an HS256 JWT as minted by Zendesk's proxy for the `jwt` request option. */
export function verifyHs256(token: string, secret: string, nowSeconds: number): JwtResult {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "malformed token" };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  let header: unknown;
  let claims: unknown;
  try {
    header = decodeJson(headerPart);
    claims = decodeJson(payloadPart);
  } catch {
    return { ok: false, reason: "malformed token" };
  }
  if (
    typeof header !== "object" ||
    header === null ||
    (header as { alg?: unknown }).alg !== "HS256"
  ) {
    return { ok: false, reason: "unsupported algorithm" };
  }
  const expected = createHmac("sha256", secret).update(`${headerPart}.${payloadPart}`).digest();
  const given = Buffer.from(signaturePart, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: "bad signature" };
  }
  if (typeof claims !== "object" || claims === null) return { ok: false, reason: "bad claims" };
  const c = claims as JwtClaims;
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
  return { ok: true, claims: c };
}

/** Mints an HS256 JWT (tests, the host simulator's proxy). */
export function signHs256(claims: JwtClaims, secret: string): string {
  const header = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  const signature = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}
