import { createHmac, timingSafeEqual } from "node:crypto";

export type JwtClaims = Record<string, unknown> & { exp?: number; nbf?: number; iat?: number };

export type JwtResult = { ok: true; claims: JwtClaims } | { ok: false; reason: string };

const LEEWAY_SECONDS = 60;

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
  if (typeof c.exp === "number" && nowSeconds > c.exp + LEEWAY_SECONDS) {
    return { ok: false, reason: "expired" };
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
