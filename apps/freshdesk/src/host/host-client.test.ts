import { flush } from "@tandem/sidebar/testing";
import { describe, expect, it, vi } from "vitest";
import { createFakeFwClient, json } from "../test/fake-fw-client";
import { createFreshdeskHost, sentReplyText } from "./host-client";

const conversation = (id: number, overrides: Record<string, unknown> = {}) => ({
  id,
  body: `<p>Message ${id}</p>`,
  body_text: `Message ${id}`,
  incoming: true,
  private: false,
  created_at: `2025-01-10T09:${String(10 + (id % 50)).padStart(2, "0")}:00Z`,
  ...overrides,
});

describe("createFreshdeskHost", () => {
  it("builds the ticket context from the data objects and the conversations template", async () => {
    const client = createFakeFwClient();
    client.templates.freshdeskListConversations = () =>
      json(200, [
        conversation(2, {
          incoming: false,
          private: true,
          body_text: "Internal: check the courier",
        }),
        conversation(1),
        conversation(3, { body_text: "", body: "<p>Photo attached&nbsp;<br>see</p>" }),
      ]);
    const ticket = await createFreshdeskHost(client).getTicket();
    expect(ticket).toMatchObject({
      platform: "freshdesk",
      id: "4242",
      subject: "Refund for ORD-550871",
      status: "open",
      priority: "normal",
      type: "Question",
      tags: ["vip"],
      group: { id: "12" },
      assignee: { id: "5" },
      requester: { id: "900", name: "Marta García", email: "marta@example.com", locale: "es" },
      customFields: { cf_order: "ORD-550871" },
    });
    expect(
      ticket.messages.map((message) => [message.author, message.public, message.body]),
    ).toEqual([
      ["customer", true, "My order arrived broken."],
      ["customer", true, "Message 1"],
      ["agent", false, "Internal: check the courier"],
      ["customer", true, "Photo attached\nsee"],
    ]);
    expect(client.invoked[0]).toEqual({
      name: "freshdeskListConversations",
      options: { context: { ticket_id: "4242", page: "1", per_page: "100" } },
    });
  });

  it("reads every page of a long conversation", async () => {
    const client = createFakeFwClient();
    client.templates.freshdeskListConversations = ({ context }) => {
      const page = Number(context?.page);
      const size = page === 1 ? 100 : 30;
      return json(
        200,
        Array.from({ length: size }, (_, i) => conversation(page * 1000 + i)),
      );
    };
    const ticket = await createFreshdeskHost(client).getTicket();
    expect(client.invoked.map((call) => call.options.context?.page)).toEqual(["1", "2"]);
    expect(ticket.messages).toHaveLength(131);
  });

  it("falls back to the description when the conversation cannot be read", async () => {
    const client = createFakeFwClient();
    client.templates.freshdeskListConversations = () => json(401, { code: "invalid_credentials" });
    const onConversationUnavailable = vi.fn();
    const host = createFreshdeskHost(client, { onConversationUnavailable });
    const ticket = await host.getTicket();
    expect(ticket.messages).toHaveLength(1);
    expect(onConversationUnavailable).toHaveBeenCalledOnce();
    expect(host.lastTicketPartial?.()).toBe(true);
    // Once the key is fixed, the next read is whole again.
    client.templates.freshdeskListConversations = () => json(200, []);
    await host.getTicket();
    expect(host.lastTicketPartial?.()).toBe(false);
  });

  it("reports the signed-in agent with their language", async () => {
    const client = createFakeFwClient();
    client.loggedInUser = { id: 77, contact: { name: "Ana Agent", language: "pt-BR" } };
    await expect(createFreshdeskHost(client).getCurrentUser()).resolves.toEqual({
      id: "77",
      name: "Ana Agent",
      locale: "pt-BR",
    });
  });

  it("opens the reply editor with the reply, falling back to the open editor", async () => {
    const client = createFakeFwClient();
    const host = createFreshdeskHost(client);
    await host.insertReply("Hola Marta,\n\nYa está. <ok>");
    expect(client.triggered).toEqual([
      {
        method: "click",
        options: { id: "reply", text: "<p>Hola Marta,</p><p>Ya está. &lt;ok&gt;</p>" },
      },
    ]);
    client.rejectTriggers.add("click:reply");
    await host.insertReply("Hi");
    expect(client.triggered.at(-1)).toEqual({
      method: "setValue",
      options: { id: "editor", text: "<p>Hi</p>", replace: true },
    });
    client.rejectTriggers.add("setValue:editor");
    await expect(host.insertReply("Hi")).rejects.toBeDefined();
  });

  it("sets the approved fields with Freshdesk's ids and codes, staged until the agent saves", async () => {
    const client = createFakeFwClient();
    const host = createFreshdeskHost(client);
    await host.getTicket();
    client.triggered.length = 0;
    client.rejectTriggers.add("setValue:agent");
    const results = await host.applyActions([
      { id: "1", type: "set_status", params: { status: "pending" } },
      { id: "2", type: "set_priority", params: { priority: "urgent" } },
      { id: "3", type: "set_type", params: { type: "Refund" } },
      { id: "4", type: "assign_group", params: { groupId: "12" } },
      { id: "5", type: "add_tags", params: { tags: ["refund", "vip"] } },
      { id: "6", type: "remove_tags", params: { tags: ["vip"] } },
      { id: "7", type: "set_custom_field", params: { fieldId: "order", value: "ORD-1" } },
      { id: "8", type: "assign_agent", params: { agentId: "5" } },
      { id: "9", type: "apply_macro", params: { macroId: "m1" } },
      { id: "10", type: "set_status", params: { status: "weird" } },
      { id: "11", type: "add_internal_note", params: { body: "Courier notified" } },
    ]);
    expect(client.triggered.map((call) => [call.method, call.options])).toEqual([
      ["setValue", { id: "status", value: 3 }],
      ["setValue", { id: "priority", value: 4 }],
      ["setValue", { id: "ticket_type", value: "Refund" }],
      ["setValue", { id: "group", value: 12 }],
      ["setValue", { id: "tag", value: ["vip", "refund"] }],
      ["setValue", { id: "tag", value: ["refund"] }],
      ["setValue", { id: "cf_order", value: "ORD-1" }],
      ["setValue", { id: "agent", value: 5 }],
      ["click", { id: "openNote", text: "<p>Courier notified</p>", isPublic: false }],
    ]);
    // setValue only fills the properties form (and the note editor): nothing is saved yet.
    expect(results.map((result) => result.result)).toEqual([
      "staged",
      "staged",
      "staged",
      "staged",
      "staged",
      "staged",
      "staged",
      "failed",
      "failed",
      "failed",
      "staged",
    ]);
    expect(results.some((result) => result.result === "applied")).toBe(false);
    expect(results[7]?.error).toMatch(/ticket properties/);
    expect(results[8]?.error).toMatch(/apply it from the ticket/);
    expect(results[0]?.error).toBeUndefined();
  });

  it("confirms staged properties on Update and a staged note on Add note, each on its own", async () => {
    const client = createFakeFwClient();
    const host = createFreshdeskHost(client);
    await host.getTicket();
    const saves: Array<string[] | undefined> = [];
    const off = host.onTicketSaved?.((ids) => saves.push(ids));
    await host.applyActions([
      { id: "status", type: "set_status", params: { status: "pending" } },
      { id: "tags", type: "add_tags", params: { tags: ["refund"] } },
      { id: "note", type: "add_internal_note", params: { body: "Courier notified" } },
      { id: "bad", type: "set_status", params: { status: "weird" } },
    ]);
    // Sending the reply saves neither the properties nor the note.
    client.emit("ticket.sendReply", { body: "Hi" });
    expect(saves).toEqual([]);
    client.emit("ticket.propertiesUpdated", {});
    expect(saves).toEqual([["status", "tags"]]);
    client.emit("ticket.addNote", {});
    expect(saves).toEqual([["status", "tags"], ["note"]]);
    // A later Update with nothing of this instance staged: whatever the form held is saved.
    client.emit("ticket.propertiesUpdated", {});
    client.emit("ticket.addNote", {});
    expect(saves).toEqual([["status", "tags"], ["note"], undefined]);
    off?.();
    client.emit("ticket.propertiesUpdated", {});
    expect(saves).toHaveLength(3);
    expect(client.listeners("ticket.propertiesUpdated")).toBe(0);
  });

  it("notifies with Freshdesk's types and the 100-character limit, and resizes within 700 px", async () => {
    const client = createFakeFwClient();
    const host = createFreshdeskHost(client);
    host.notify("Saved", "success");
    host.notify("x ".repeat(80), "error");
    host.resize(2000);
    host.resize(40);
    await flush();
    expect(client.triggered[0]).toEqual({
      method: "showNotify",
      options: { type: "success", message: "Saved" },
    });
    const long = client.triggered[1]?.options as { type: string; message: string };
    expect(long.type).toBe("danger");
    expect(long.message.length).toBeLessThanOrEqual(100);
    expect(long.message.endsWith("…")).toBe(true);
    expect(client.heights).toEqual(["700px", "120px"]);
  });

  it("reports when Freshdesk shows or hides the app", () => {
    const client = createFakeFwClient();
    const host = createFreshdeskHost(client);
    const seen: boolean[] = [];
    const off = host.onVisibilityChanged?.((visible) => seen.push(visible));
    client.emit("app.deactivated");
    client.emit("app.activated");
    off?.();
    client.emit("app.deactivated");
    expect(seen).toEqual([false, true]);
  });

  it("forwards ticket changes and unsubscribes", async () => {
    const client = createFakeFwClient();
    const host = createFreshdeskHost(client);
    const changes: string[][] = [];
    const off = host.onTicketChanged((change) => changes.push(change.fields));
    client.emit("ticket.statusChanged", { old: 2, new: 3 });
    client.emit("ticket.updated");
    off();
    client.emit("ticket.priorityChanged", { old: 1, new: 2 });
    expect(changes).toEqual([["status"], ["conversation"]]);
    expect(client.listeners("ticket.priorityChanged")).toBe(0);
  });

  it("reports the reply text actually sent", async () => {
    const client = createFakeFwClient();
    const host = createFreshdeskHost(client, { sentReadDelayMs: 0 });
    await host.getTicket();
    const sent: string[] = [];
    host.onReplySent((text) => sent.push(text));
    client.emit("ticket.sendReply", { body: "<p>Hola Marta,</p><p>Listo.</p>" });
    expect(sent).toEqual(["Hola Marta,\n\nListo."]);

    // Without a body in the event, the newest public agent reply is read back from Freshdesk.
    const now = new Date().toISOString();
    client.templates.freshdeskListConversations = () =>
      json(200, [
        conversation(1),
        conversation(2, {
          incoming: false,
          body_text: "Old reply",
          created_at: "2020-01-01T00:00:00Z",
        }),
        conversation(3, { incoming: false, body_text: "Sent just now", created_at: now }),
        conversation(4, { incoming: false, private: true, body_text: "A note", created_at: now }),
      ]);
    client.emit("ticket.sendReply", {});
    await flush(10);
    expect(sent).toEqual(["Hola Marta,\n\nListo.", "Sent just now"]);
  });

  it("finds the sent text in the payload shapes hosts use", () => {
    expect(sentReplyText({ body_text: "plain" })).toBe("plain");
    expect(sentReplyText({ reply: { body: "<p>nested</p>" } })).toBe("nested");
    expect(sentReplyText({ text: "" })).toBeNull();
    expect(sentReplyText(null)).toBeNull();
  });
});
