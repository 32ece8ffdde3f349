import { describe, expect, it } from "vitest";
import { riskTone } from "./risk";

describe("riskTone", () => {
  it("maps each risk to the tone both apps colour once", () => {
    expect(riskTone("low")).toBe("neutral");
    expect(riskTone("medium")).toBe("warning");
    expect(riskTone("high")).toBe("danger");
  });
});
