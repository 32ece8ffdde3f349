import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestContext,
  sampleArticles,
  type TestContext,
  type TestInstallation,
} from "../test";
import { putKnowledge } from "./test/knowledge";

let t: TestContext;
let acme: TestInstallation;
let other: TestInstallation;
let appToken: string;

beforeAll(async () => {
  t = await createTestContext();
  acme = await t.install();
  other = await t.install();
  const issued = await t.call("POST", "/v1/tokens", {
    token: acme.token,
    json: { name: "sidebar only", scopes: ["app"] },
  });
  appToken = (await issued.json()).token;
  await putKnowledge(t, acme.token, "articles", sampleArticles);
});
afterAll(() => t.close());

describe("knowledge articles", () => {
  it("creates (201), replaces (200), reads and deletes", async () => {
    const put = await t.call("PUT", "/v1/knowledge/articles/kb-1", {
      token: acme.token,
      json: {
        title: "Returns",
        body: "Return items within 14 days for a full refund.",
        visibility: "public",
      },
    });
    expect(put.status).toBe(201);
    const created = await put.json();
    expect(created).toMatchObject({
      externalId: "kb-1",
      locale: "en",
      visibility: "public",
      tags: [],
    });

    const replaced = await t.call("PUT", "/v1/knowledge/articles/kb-1", {
      token: acme.token,
      json: {
        title: "Devoluciones",
        body: "Puedes devolver los artículos en un plazo de 14 días.",
        tags: ["returns"],
      },
    });
    expect(replaced.status).toBe(200);
    // Without a locale, the language is detected from the text.
    expect(await replaced.json()).toMatchObject({
      id: created.id,
      locale: "es",
      tags: ["returns"],
    });

    expect((await t.call("GET", "/v1/knowledge/articles/kb-1", { token: appToken })).status).toBe(
      200,
    );
    expect(
      (await t.call("DELETE", "/v1/knowledge/articles/kb-1", { token: acme.token })).status,
    ).toBe(204);
    expect(
      (await t.call("DELETE", "/v1/knowledge/articles/kb-1", { token: acme.token })).status,
    ).toBe(404);
  });

  it("needs the admin scope to write, app or admin to read", async () => {
    const res = await t.call("PUT", "/v1/knowledge/articles/kb-2", {
      token: appToken,
      json: { title: "x", body: "y" },
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("FORBIDDEN");
    expect((await t.call("GET", "/v1/knowledge/search?q=refund", { token: appToken })).status).toBe(
      200,
    );
    expect((await t.call("GET", "/v1/knowledge/search?q=refund")).status).toBe(401);
  });

  it("rejects bad input with BAD_REQUEST", async () => {
    const cases = [
      { path: "/v1/knowledge/articles/bad%20id", json: { title: "t", body: "b" } },
      { path: "/v1/knowledge/articles/ok", json: { title: "", body: "b" } },
      {
        path: "/v1/knowledge/articles/ok",
        json: { title: "t", body: "b", url: "javascript:alert(1)" },
      },
      { path: "/v1/knowledge/articles/ok", json: { title: "t", body: "b", visibility: "secret" } },
      {
        path: "/v1/knowledge/articles/ok",
        json: { title: "t", body: "b", locale: "not a locale" },
      },
    ];
    for (const c of cases) {
      const res = await t.call("PUT", c.path, { token: acme.token, json: c.json });
      expect(res.status, JSON.stringify(c)).toBe(400);
      expect((await res.json()).error.code).toBe("BAD_REQUEST");
    }
    expect((await t.call("GET", "/v1/knowledge/search", { token: acme.token })).status).toBe(400);
  });

  it("searches per language with the locale's stemming", async () => {
    const res = await t.call("GET", "/v1/knowledge/search?q=reembolsos%20devuelto&locale=es", {
      token: acme.token,
    });
    const { hits } = await res.json();
    expect(hits[0]).toMatchObject({
      kind: "article",
      externalId: "refund-policy-es",
      locale: "es",
      internal: false,
    });
    expect(hits.every((h: { locale: string }) => h.locale === "es")).toBe(true);

    const de = await (
      await t.call("GET", "/v1/knowledge/search?q=Pakete%20verfolgen", { token: acme.token })
    ).json();
    expect(de.hits[0].externalId).toBe("shipping-de");

    const internal = await (
      await t.call("GET", "/v1/knowledge/search?q=refund%20manager", { token: acme.token })
    ).json();
    expect(
      internal.hits.find(
        (h: { externalId: string }) => h.externalId === "refund-exceptions-internal",
      )?.internal,
    ).toBe(true);

    // Query syntax in the text is inert.
    const odd = await t.call(
      "GET",
      `/v1/knowledge/search?q=${encodeURIComponent("refund & | ! (:* ')")}`,
      { token: acme.token },
    );
    expect(odd.status).toBe(200);
  });

  it("never shows or touches another installation's knowledge", async () => {
    const search = await (
      await t.call("GET", "/v1/knowledge/search?q=refund", { token: other.token })
    ).json();
    expect(search.hits).toEqual([]);
    expect(
      (await t.call("GET", "/v1/knowledge/articles/refund-policy-en", { token: other.token }))
        .status,
    ).toBe(404);
    expect(
      (await t.call("DELETE", "/v1/knowledge/articles/refund-policy-en", { token: other.token }))
        .status,
    ).toBe(404);
    // The same external id in another installation is a separate article.
    const own = await t.call("PUT", "/v1/knowledge/articles/refund-policy-en", {
      token: other.token,
      json: { title: "Other refunds", body: "Different text." },
    });
    expect(own.status).toBe(201);
    const mine = await (
      await t.call("GET", "/v1/knowledge/articles/refund-policy-en", { token: acme.token })
    ).json();
    expect(mine.title).toBe("Refund policy");
  });
});

describe("knowledge macros", () => {
  it("validates actions against the catalog", async () => {
    const ok = await t.call("PUT", "/v1/knowledge/macros/m-1", {
      token: acme.token,
      json: {
        title: "Close as solved",
        body: "Glad we could help!",
        actions: [{ type: "set_status", params: { status: "solved" } }],
      },
    });
    expect(ok.status).toBe(201);
    expect((await ok.json()).actions).toEqual([
      { type: "set_status", params: { status: "solved" } },
    ]);

    const unknown = await t.call("PUT", "/v1/knowledge/macros/m-2", {
      token: acme.token,
      json: {
        title: "Refund",
        body: "",
        actions: [{ type: "refund_order", params: { orderId: "1" } }],
      },
    });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.issues[0].path).toBe("actions.0.type");

    const badParams = await t.call("PUT", "/v1/knowledge/macros/m-3", {
      token: acme.token,
      json: {
        title: "Status",
        body: "",
        actions: [{ type: "set_status", params: { status: "gone" } }],
      },
    });
    expect(badParams.status).toBe(400);
    expect((await badParams.json()).error.issues[0].path).toBe("actions.0.params");

    expect(
      (await t.call("DELETE", "/v1/knowledge/macros/m-1", { token: other.token })).status,
    ).toBe(404);
    expect((await t.call("DELETE", "/v1/knowledge/macros/m-1", { token: acme.token })).status).toBe(
      204,
    );
  });
});
