import { describe, expect, it } from "vitest";
import { signAgentJwt } from "../test/agent-jwt";
import { MAX_JWT_LIFETIME_SECONDS, verifyAgentJwt } from "./jwt";

const secret = "jwt-shared-secret-0123456789abcdef";
const now = 1_800_000_000;
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("verifyAgentJwt", () => {
  it("accepts a short-lived token, within a minute's leeway, and ignores iat", async () => {
    for (const claims of [
      { agent_id: 7, exp: now + 300 },
      { agent_id: 7, exp: now + MAX_JWT_LIFETIME_SECONDS },
      { agent_id: 7, exp: now - 59 },
      { agent_id: 7, exp: now + 300, nbf: now + 59, iat: now + 1_000 },
    ]) {
      const result = await verifyAgentJwt(await signAgentJwt(claims, secret), secret, now);
      expect(result, JSON.stringify(claims)).toEqual({ ok: true, claims });
    }
  });

  it("names why a token is refused", async () => {
    const refused: [string, string | Promise<string>][] = [
      ["no expiry (exp)", signAgentJwt({ agent_id: 7 }, secret)],
      ["no expiry (exp)", signAgentJwt({ exp: String(now + 60) }, secret)],
      ["expired", signAgentJwt({ exp: now - 61 }, secret)],
      [
        `expiry more than ${MAX_JWT_LIFETIME_SECONDS} seconds ahead`,
        signAgentJwt({ exp: now + MAX_JWT_LIFETIME_SECONDS + 61 }, secret),
      ],
      ["not yet valid", signAgentJwt({ exp: now + 300, nbf: now + 61 }, secret)],
      ["bad signature", signAgentJwt({ exp: now + 300 }, "another-secret-0123456789abcdef")],
      ["malformed token", "not.a.jwt"],
      ["malformed token", "a.b"],
      ["unsupported header (alg must be HS256)", `${encode({ alg: "none" })}.${encode({})}.`],
      ["unsupported algorithm", `${encode({ alg: "HS512", typ: "JWT" })}.${encode({})}.abc`],
    ];
    for (const [reason, token] of refused) {
      expect(await verifyAgentJwt(await token, secret, now), reason).toEqual({ ok: false, reason });
    }
  });
});
