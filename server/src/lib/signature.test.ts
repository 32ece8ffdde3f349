import { describe, expect, it } from "vitest";
import { signPayload, verifyPayloadSignature } from "./signature";

describe("outbound signatures", () => {
  it("verify with the secret, within the replay window, and not otherwise", () => {
    const body = '{"executionId":"e1"}';
    const header = signPayload("whsec_a", 1_900_000_000, body);
    const ok = { nowSeconds: 1_900_000_100 };
    expect(verifyPayloadSignature("whsec_a", header, "1900000000", body, ok)).toBe(true);
    expect(verifyPayloadSignature("whsec_b", header, "1900000000", body, ok)).toBe(false);
    expect(verifyPayloadSignature("whsec_a", header, "1900000000", `${body} `, ok)).toBe(false);
    expect(
      verifyPayloadSignature("whsec_a", header, "1900000000", body, { nowSeconds: 1_900_001_000 }),
    ).toBe(false);
    expect(verifyPayloadSignature("whsec_a", `v1=00,${header}`, "1900000000", body, ok)).toBe(true);
  });
});
