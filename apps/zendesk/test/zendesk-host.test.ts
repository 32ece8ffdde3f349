import { createTandemApi, TandemApiError } from "@tandem/sidebar";
import { sampleDraft } from "@tandem/sidebar/testing";
import { describe, expect, it } from "vitest";
import { readSettings } from "../src/host/settings";
import { toTicketContext } from "../src/host/ticket-mapping";
import { buildRequestOptions, createZafTransport } from "../src/host/transport";
import { createZendeskHost } from "../src/host/zendesk-host";
import { createFakeZaf, zafConversation, zafTicket } from "./fake-zaf";

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("ticket mapping", () => {
  it("maps ticket + conversation to the neutral TicketContext", () => {
    const ticket = toTicketContext(zafTicket, zafConversation, { "360001": "gold" });
    expect(ticket).toMatchObject({
      platform: "zendesk",
      id: "4242",
      status: "open",
      priority: "normal",
      tags: ["vip"],
      group: { id: "5", name: "Tier 1" },
      assignee: { id: "77", name: "Ana Agent" },
      requester: { id: "900", name: "Marta García", email: "marta@example.com", locale: "es" },
      customFields: { "360001": "gold" },
    });
    expect(ticket.messages).toEqual([
      {
        id: "4242-1",
        author: "customer",
        authorName: "Marta García",
        public: true,
        body: "Hola, quiero un reembolso del pedido ORD-550871.",
        createdAt: "2025-01-10T09:00:00.000Z",
      },
      {
        id: "4242-2",
        author: "agent",
        authorName: "Bo Agent",
        public: false,
        body: "Check the order first",
        createdAt: "2025-01-10T09:05:00.000Z",
      },
    ]);
  });

  it("falls back to the description for a ticket without a readable conversation", () => {
    const ticket = toTicketContext({ ...zafTicket, priority: "-", type: null }, []);
    expect(ticket.messages).toHaveLength(1);
    expect(ticket.messages[0]).toMatchObject({
      author: "customer",
      body: "Hola, quiero un reembolso.",
    });
    expect(ticket.priority).toBeNull();
  });

  it("clips oversized input to the contract's limits", () => {
    const huge = "x".repeat(70_000);
    const ticket = toTicketContext(
      { ...zafTicket, subject: huge, tags: Array.from({ length: 150 }, (_, i) => `t${i}`) },
      Array.from({ length: 600 }, () => ({
        ...zafConversation[0],
        message: { content: huge, contentType: "text/plain" },
      })),
    );
    expect(ticket.subject.length).toBe(1_000);
    expect(ticket.tags).toHaveLength(100);
    expect(ticket.messages).toHaveLength(500);
    expect(ticket.messages[0]?.body.length).toBe(64_000);
  });
});

describe("Zendesk host", () => {
  function host(values: Record<string, unknown> = {}) {
    const zaf = createFakeZaf({
      ticket: zafTicket,
      "ticket.conversation": zafConversation,
      currentUser: { id: 77, name: "Ana Agent", locale: "de" },
      ticketFields: [{ name: "status" }, { name: "custom_field_360001" }],
      "ticket.customField:custom_field_360001": "gold",
      "ticket.assignee.group.id": 5,
      "ticket.id": 4242,
      ...values,
    });
    return { zaf, host: createZendeskHost(zaf.client) };
  }

  it("reads the ticket with its conversation and custom fields, and the agent with locale", async () => {
    const { host: h } = host();
    const ticket = await h.getTicket();
    expect(ticket.id).toBe("4242");
    expect(ticket.messages).toHaveLength(2);
    expect(ticket.customFields).toEqual({ "360001": "gold" });
    expect(await h.getCurrentUser()).toEqual({ id: "77", name: "Ana Agent", locale: "de" });
  });

  it("inserts the reply as HTML into the editor, falling back to appending", async () => {
    const { zaf, host: h } = host();
    await h.insertReply("Hola <Marta>\n\nGracias");
    expect(zaf.calls.invoke).toEqual([
      ["ticket.editor.insert", ["<p>Hola &lt;Marta&gt;</p><p>Gracias</p>"]],
    ]);
    zaf.failures.set("ticket.editor.insert", "not available");
    await h.insertReply("Hi");
    expect(zaf.calls.invoke.at(-1)).toEqual(["comment.appendHtml", ["<p>Hi</p>"]]);
  });

  it("stages form changes through set/invoke, saves the note at once and reports failures", async () => {
    const { zaf, host: h } = host();
    zaf.failures.set("ticket.type", "Type is read-only");
    const results = await h.applyActions([
      { id: "1", type: "set_status", params: { status: "pending" } },
      { id: "2", type: "set_priority", params: { priority: "high" } },
      { id: "3", type: "set_type", params: { type: "incident" } },
      { id: "4", type: "add_tags", params: { tags: ["refund"] } },
      { id: "5", type: "remove_tags", params: { tags: ["vip"] } },
      { id: "6", type: "assign_group", params: { groupId: "12" } },
      { id: "7", type: "assign_agent", params: { agentId: "99" } },
      { id: "8", type: "set_custom_field", params: { fieldId: "360001", value: "platinum" } },
      { id: "9", type: "apply_macro", params: { macroId: "321" } },
      { id: "10", type: "add_internal_note", params: { body: "Refund issued" } },
      { id: "11", type: "refund_order", params: { orderId: "X" } },
    ]);
    // `set`/`invoke` change the unsaved form (saved on Submit); only the REST note is saved now.
    expect(results.map((r) => [r.id, r.result])).toEqual([
      ["1", "staged"],
      ["2", "staged"],
      ["3", "failed"],
      ["4", "staged"],
      ["5", "staged"],
      ["6", "staged"],
      ["7", "staged"],
      ["8", "staged"],
      ["9", "staged"],
      ["10", "applied"],
      ["11", "failed"],
    ]);
    expect(results.filter((r) => r.result === "failed")).toEqual([
      { id: "3", result: "failed", error: "Type is read-only" },
      {
        id: "11",
        result: "failed",
        error: '"refund_order" cannot be applied from the Zendesk sidebar',
      },
    ]);
    expect(zaf.calls.set).toEqual([
      ["ticket.status", "pending"],
      ["ticket.priority", "high"],
      ["ticket.assignee", { groupId: 12 }],
      ["ticket.assignee", { groupId: 5, userId: 99 }],
      ["ticket.customField:custom_field_360001", "platinum"],
    ]);
    expect(zaf.calls.invoke).toEqual([
      ["ticket.tags.add", [["refund"]]],
      ["ticket.tags.remove", [["vip"]]],
      ["macro", [321]],
    ]);
    expect(zaf.calls.request[0]).toMatchObject({ url: "/api/v2/tickets/4242.json", type: "PUT" });
    expect(JSON.parse(zaf.calls.request[0]?.data ?? "{}")).toEqual({
      ticket: { comment: { body: "Refund issued", public: false } },
    });
  });

  it("reports a refused internal note as failed, never applied", async () => {
    const { zaf, host: h } = host();
    zaf.respondWith(async () => {
      throw { status: 403, statusText: "Forbidden", responseText: "{}" };
    });
    const [result] = await h.applyActions([
      { id: "n", type: "add_internal_note", params: { body: "Refund issued" } },
    ]);
    expect(result?.result).toBe("failed");
    expect(result?.error).toBeTruthy();
  });

  it("tells the sidebar when a submit saved what it staged in the form", async () => {
    const { zaf, host: h } = host();
    const saves: Array<string[] | undefined> = [];
    const off = h.onTicketSaved?.((ids) => saves.push(ids));
    await h.applyActions([
      { id: "s", type: "set_status", params: { status: "pending" } },
      { id: "t", type: "add_tags", params: { tags: ["refund"] } },
      { id: "n", type: "add_internal_note", params: { body: "Saved at once" } },
    ]);
    // A failed submit saves nothing.
    zaf.fire("ticket.submit.fail");
    expect(saves).toEqual([]);
    zaf.fire("ticket.submit.done");
    expect(saves).toEqual([["s", "t"]]);
    // Nothing staged by this instance: the submit still saved whatever the form held.
    zaf.fire("ticket.submit.done");
    expect(saves).toEqual([["s", "t"], undefined]);
    off?.();
    zaf.fire("ticket.submit.done");
    expect(saves).toHaveLength(2);
    expect(zaf.subscribers("ticket.submit.done")).toBe(0);
  });

  it("resizes, notifies and reports ticket changes", async () => {
    const { zaf, host: h } = host();
    h.resize(412.3);
    h.notify("Done", "success");
    h.notify("Failed", "error");
    const changes: string[][] = [];
    const off = h.onTicketChanged((change) => changes.push(change.fields));
    zaf.fire("ticket.conversation.changed");
    zaf.fire("ticket.status.changed", "pending");
    off();
    zaf.fire("ticket.tags.changed");
    await flush();
    expect(zaf.calls.invoke).toEqual([
      ["resize", [{ width: "100%", height: "413px" }]],
      ["notify", ["Done", "notice"]],
      ["notify", ["Failed", "error"]],
    ]);
    expect(changes).toEqual([["conversation"], ["status"]]);
    expect(zaf.subscribers("ticket.tags.changed")).toBe(0);
  });

  it("reports when Zendesk shows or hides the sidebar (app activated / deactivated)", () => {
    const { zaf, host: h } = host();
    const seen: boolean[] = [];
    const off = h.onVisibilityChanged?.((visible) => seen.push(visible));
    zaf.fire("app.deactivated");
    zaf.fire("app.activated");
    off?.();
    zaf.fire("app.deactivated");
    expect(seen).toEqual([false, true]);
    expect(zaf.subscribers("app.activated")).toBe(0);
  });

  it("reports the reply text captured at submit start once the submit is done, skipping internal notes", async () => {
    const { zaf, host: h } = host({
      "ticket.comment.text": "<p>Hola Marta,</p><p>ya está.</p>",
      "ticket.comment.type": "publicReply",
    });
    const sent: string[] = [];
    h.onReplySent((text) => sent.push(text));
    zaf.fire("ticket.submit.start");
    zaf.values["ticket.comment.text"] = "";
    zaf.fire("ticket.submit.done");
    await flush();
    expect(sent).toEqual(["Hola Marta,\n\nya está."]);
    zaf.values["ticket.comment.text"] = "internal";
    zaf.values["ticket.comment.type"] = "internalNote";
    zaf.fire("ticket.submit.start");
    zaf.fire("ticket.submit.done");
    await flush();
    expect(sent).toHaveLength(1);
  });

  it("falls back to the last editor change when the editor is already empty at submit", async () => {
    const { zaf, host: h } = host({
      "ticket.comment.text": "",
      "ticket.comment.type": "publicReply",
    });
    const sent: string[] = [];
    h.onReplySent((text) => sent.push(text));
    zaf.fire("comment.text.changed", "<p>Hola otra vez</p>");
    zaf.fire("ticket.submit.start");
    zaf.fire("ticket.submit.done");
    await flush();
    expect(sent).toEqual(["Hola otra vez"]);
  });

  it("follows the host colour scheme when Zendesk exposes it", async () => {
    expect(await host({ colorScheme: "dark" }).host.loadColorScheme()).toBe("dark");
    expect(await host().host.loadColorScheme()).toBeUndefined();
  });
});

describe("settings and transport", () => {
  it("reads the server URL and the JWT switch from non-secure settings", () => {
    expect(
      readSettings({
        settings: { server_url: "https://tandem.example.com/ ", sign_agent_identity: true },
      }),
    ).toEqual({
      serverUrl: "https://tandem.example.com",
      useJwt: true,
    });
    expect(readSettings({ settings: { server_url: "ftp://x" } })).toEqual({
      serverUrl: null,
      useJwt: false,
    });
    expect(readSettings(null).serverUrl).toBeNull();
  });

  it("sends secure requests with placeholders only, and the JWT parts only when enabled", () => {
    const base = { serverUrl: "https://tandem.example.com", useJwt: false };
    const plain = buildRequestOptions(
      base,
      { method: "POST", path: "/v1/drafts", body: { a: 1 } },
      null,
    );
    expect(plain).toEqual({
      url: "https://tandem.example.com/v1/drafts",
      type: "POST",
      contentType: "application/json",
      secure: true,
      cors: false,
      httpCompleteResponse: true,
      headers: { Authorization: "Bearer {{setting.api_token}}" },
      data: '{"a":1}',
    });
    const signed = buildRequestOptions(
      { ...base, useJwt: true },
      { method: "GET", path: "/v1/installation" },
      { id: "77", name: "Ana" },
    );
    expect(signed.headers).toEqual({
      Authorization: "Bearer {{setting.api_token}}",
      "X-Tandem-Agent-Jwt": "{{jwt.token}}",
    });
    expect(signed.jwt).toEqual({
      algorithm: "HS256",
      secret_key: "{{setting.jwt_secret}}",
      expiry: 300,
      claims: { agent_id: "77", agent_name: "Ana" },
    });
    expect(signed.data).toBeUndefined();
  });

  it("maps proxy answers and failures to the API client's typed errors", async () => {
    const zaf = createFakeZaf();
    const settings = { serverUrl: "https://tandem.example.com", useJwt: false };
    const api = createTandemApi(
      createZafTransport(zaf.client, settings, async () => ({ id: "1", name: "A" })),
    );
    zaf.respondWith(async () => ({ status: 200, responseJSON: sampleDraft() }));
    expect((await api.getLatestDraft("4242"))?.id).toBe(sampleDraft().id);
    zaf.respondWith(async () => {
      throw {
        status: 409,
        responseText: JSON.stringify({
          error: { code: "STALE_DRAFT", message: "changed", requestId: "r1" },
        }),
      };
    });
    await expect(api.reportSent("d", "x")).rejects.toMatchObject({
      code: "STALE_DRAFT",
      requestId: "r1",
    });
    zaf.respondWith(async () => {
      throw { status: 0, statusText: "error" };
    });
    await expect(api.reportSent("d", "x")).rejects.toMatchObject({ code: "UNREACHABLE" });
    zaf.respondWith(async () => {
      throw { status: 504, responseText: "<html>Gateway Timeout</html>" };
    });
    await expect(api.reportSent("d", "x")).rejects.toMatchObject({ code: "UNREACHABLE" });
    const unconfigured = createTandemApi(
      createZafTransport(zaf.client, { serverUrl: null, useJwt: false }, async () => ({
        id: "1",
        name: "A",
      })),
    );
    await expect(unconfigured.whoAmI()).rejects.toBeInstanceOf(TandemApiError);
    await expect(unconfigured.whoAmI()).rejects.toMatchObject({ code: "NOT_CONFIGURED" });
  });
});
