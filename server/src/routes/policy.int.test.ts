import { DefaultBuiltInRules } from "@tandem/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext, type TestInstallation } from "../test";

let t: TestContext;
let acme: TestInstallation;
let other: TestInstallation;

const refund = {
  type: "refund_order",
  title: "Refund order",
  paramsSchema: {
    type: "object",
    properties: { orderId: { type: "string" }, amount: { type: "number", minimum: 0 } },
    required: ["orderId"],
  },
  endpoint: "https://shop.example.com/hooks/refund",
};

beforeAll(async () => {
  t = await createTestContext();
  acme = await t.install();
  other = await t.install();
});
afterAll(() => t.close());

describe("policy", () => {
  it("starts with safe defaults: every built-in action needs approval", async () => {
    const res = await t.call("GET", "/v1/policy", { token: acme.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"1"');
    const policy = await res.json();
    expect(policy).toMatchObject({
      version: 1,
      rules: DefaultBuiltInRules,
      businessActions: [],
      piiMasking: true,
    });
  });

  it("saves, bumps the version, defaults business actions to required and audits the change", async () => {
    const res = await t.call("PUT", "/v1/policy", {
      token: acme.token,
      json: {
        brandVoice: "Friendly",
        rules: { add_tags: "auto", assign_agent: "blocked" },
        businessActions: [refund],
      },
    });
    expect(res.status).toBe(200);
    const policy = await res.json();
    expect(policy.version).toBe(2);
    expect(policy.rules).toMatchObject({
      add_tags: "auto",
      assign_agent: "blocked",
      set_status: "required",
    });
    expect(policy.businessActions[0]).toMatchObject({
      type: "refund_order",
      approval: "required",
      risk: "high",
    });

    const audit = await (
      await t.call("GET", "/v1/audit?type=policy.changed", { token: acme.token })
    ).json();
    expect(audit.events).toHaveLength(1);
    expect(audit.events[0].data).toMatchObject({
      version: 2,
      businessActionsAdded: ["refund_order"],
      rules: expect.arrayContaining([{ type: "add_tags", from: "required", to: "auto" }]),
    });

    const again = await (await t.call("PUT", "/v1/policy", { token: acme.token, json: {} })).json();
    expect(again.version).toBe(3);
    expect(again.businessActions).toEqual([]);
  });

  it("refuses a stale If-Match with 409", async () => {
    const current = await (await t.call("GET", "/v1/policy", { token: acme.token })).json();
    const stale = await t.call("PUT", "/v1/policy", {
      token: acme.token,
      json: {},
      headers: { "if-match": `"${current.version - 1}"` },
    });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.code).toBe("CONFLICT");
    const fresh = await t.call("PUT", "/v1/policy", {
      token: acme.token,
      json: {},
      headers: { "if-match": `"${current.version}"` },
    });
    expect(fresh.status).toBe(200);
  });

  it("rejects invalid business actions with 400 and keeps the old policy", async () => {
    const before = await (await t.call("GET", "/v1/policy", { token: acme.token })).json();
    const bad = [
      {
        businessActions: [
          { ...refund, paramsSchema: { type: "object", properties: { a: { type: "nonsense" } } } },
        ],
      },
      { businessActions: [{ ...refund, paramsSchema: { type: "string" } }] },
      { businessActions: [{ ...refund, type: "set_status" }] },
      { businessActions: [refund, refund] },
      { businessActions: [{ ...refund, endpoint: "ftp://x" }] },
      { rules: { set_status: "sometimes" } },
      {
        businessActions: [
          {
            ...refund,
            paramsSchema: { type: "object", properties: { a: { type: "string", format: 5 } } },
          },
        ],
      },
    ];
    for (const body of bad) {
      const res = await t.call("PUT", "/v1/policy", { token: acme.token, json: body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json()).error.code).toBe("BAD_REQUEST");
    }
    const after = await (await t.call("GET", "/v1/policy", { token: acme.token })).json();
    expect(after.version).toBe(before.version);
  });

  it("keeps declared target params and refuses one that is not a param, naming it", async () => {
    const unknown = await t.call("PUT", "/v1/policy", {
      token: acme.token,
      json: { businessActions: [{ ...refund, targetParams: ["orderId", "customerId"] }] },
    });
    expect(unknown.status).toBe(400);
    const error = (await unknown.json()).error;
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.issues).toEqual([
      expect.objectContaining({
        path: "businessActions.0.targetParams.1",
        message: expect.stringContaining("customerId"),
      }),
    ]);

    const saved = await t.call("PUT", "/v1/policy", {
      token: acme.token,
      json: { businessActions: [{ ...refund, targetParams: ["orderId"] }] },
    });
    expect(saved.status).toBe(200);
    expect((await saved.json()).businessActions[0].targetParams).toEqual(["orderId"]);
  });

  it("compiles cross-param checks ($data) and refuses a malformed one", async () => {
    const stay = {
      type: "change_stay",
      title: "Change stay",
      endpoint: "https://hotel.example.com/hooks/stay",
      paramsSchema: {
        type: "object",
        properties: {
          checkIn: { type: "string", format: "date" },
          checkOut: {
            type: "string",
            format: "date",
            formatExclusiveMinimum: { $data: "1/checkIn" },
          },
        },
      },
    };
    const ok = await t.call("PUT", "/v1/policy", {
      token: acme.token,
      json: { businessActions: [stay] },
    });
    expect(ok.status).toBe(200);
    const bad = await t.call("PUT", "/v1/policy", {
      token: acme.token,
      json: {
        businessActions: [
          {
            ...stay,
            paramsSchema: {
              type: "object",
              properties: { checkOut: { type: "string", formatMinimum: { $data: 5 } } },
            },
          },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues[0].path).toBe("businessActions.0.paramsSchema");
  });

  it("needs admin to write and is per installation", async () => {
    const issued = await (
      await t.call("POST", "/v1/tokens", {
        token: acme.token,
        json: { name: "app", scopes: ["app"] },
      })
    ).json();
    expect((await t.call("GET", "/v1/policy", { token: issued.token })).status).toBe(200);
    expect((await t.call("PUT", "/v1/policy", { token: issued.token, json: {} })).status).toBe(403);
    const others = await (await t.call("GET", "/v1/policy", { token: other.token })).json();
    expect(others.version).toBe(1);
  });
});
