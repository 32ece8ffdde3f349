import { flush, sampleDecision, sampleDraft } from "@tandem/sidebar/testing";
import { act, fireEvent, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { startTicketSidebar } from "./sidebar-app";
import { createFakeFwClient, json } from "./test/fake-fw-client";

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
});

async function activate(client: ReturnType<typeof createFakeFwClient>) {
  const container = document.createElement("div");
  document.body.append(container);
  const app = startTicketSidebar(client, container, { sentReadDelayMs: 0 });
  unmount = app.unmount;
  await act(async () => {
    client.emit("app.activated");
    await flush(10);
  });
  return app;
}

describe("ticket sidebar on the Freshworks client", () => {
  it("drafts on activation and approves through request templates and interface methods", async () => {
    const client = createFakeFwClient();
    const draft = sampleDraft({ ticketId: "4242" });
    let decisions = 0;
    client.templates = {
      ...client.templates,
      tandemCreateDraft: () => json(200, draft),
      tandemListTicketApprovals: () => json(200, { approvals: [] }),
      tandemMarkDraftShown: () => ({ status: 204, response: "" }),
      tandemRecordSent: () => ({ status: 204, response: "" }),
      tandemReportOutcomes: () => ({ status: 204, response: "" }),
      tandemRecordDecision: ({ body }) => {
        decisions++;
        return json(200, sampleDecision(draft, JSON.parse(body ?? "{}")));
      },
    };
    await activate(client);

    const sent = JSON.parse(
      client.invoked.find((call) => call.name === "tandemCreateDraft")?.options.body ?? "{}",
    );
    expect(sent.ticket).toMatchObject({
      platform: "freshdesk",
      id: "4242",
      status: "open",
      priority: "normal",
    });
    expect(sent.agent).toEqual({ id: "77", name: "Ana Agent" });
    expect(client.invoked.map((call) => call.name)).toContain("tandemMarkDraftShown");

    const approve = screen.getByRole("button", { name: "Approve & insert" });
    await act(async () => {
      fireEvent.click(approve);
      fireEvent.click(approve);
      await flush(10);
    });
    expect(decisions).toBe(1);
    const calls = client.triggered.map((call) => [
      call.method,
      call.options?.id,
      call.options?.value,
    ]);
    expect(calls).toContainEqual(["click", "reply", undefined]);
    expect(calls).toContainEqual(["setValue", "status", 3]);
    expect(calls).toContainEqual(["setValue", "priority", 3]);
    expect(calls).toContainEqual(["setValue", "tag", ["vip", "refund"]]);
    expect(calls.filter(([method]) => method === "setValue")).toHaveLength(3);
    expect(client.triggered).toContainEqual({
      method: "showNotify",
      options: { type: "success", message: "Tandem inserted the reply." },
    });
    // setValue only fills the properties form: reported staged, and the agent is told to Update.
    const outcomes = JSON.parse(
      client.invoked.find((call) => call.name === "tandemReportOutcomes")?.options.body ?? "{}",
    );
    expect(outcomes).toMatchObject({
      reply: { inserted: true },
      actions: expect.arrayContaining([{ id: "a-status", result: "staged" }]),
    });
    expect(outcomes.actions.some((a: { result: string }) => a.result === "applied")).toBe(false);
    expect(screen.getByTestId("staged-notice")).toHaveTextContent("click Update to save them");
    expect(screen.queryByText(/actions applied/)).not.toBeInTheDocument();

    await act(async () => {
      client.emit("ticket.sendReply", { body: "<p>Final text</p>" });
      await flush(10);
    });
    const report = client.invoked.find((call) => call.name === "tandemRecordSent");
    expect(report?.options).toEqual({
      context: { draft_id: draft.id },
      body: '{"body":"Final text"}',
    });
  });

  it("shows the not-configured screen when the server host is missing", async () => {
    const client = createFakeFwClient();
    client.iparamValues = {};
    await activate(client);
    expect(screen.getByRole("alert", { name: "Tandem is not set up yet" })).toHaveTextContent(
      "Missing: Tandem server host",
    );
    expect(client.invoked.filter((call) => call.name.startsWith("tandem"))).toEqual([]);
  });

  it("shows the unreachable screen when the platform gets no answer", async () => {
    const client = createFakeFwClient();
    client.templates.tandemCreateDraft = () => ({ status: 0 });
    client.templates.tandemListTicketApprovals = () => ({ status: 0 });
    await activate(client);
    expect(
      screen.getByRole("alert", { name: "Can't reach the Tandem server" }),
    ).toBeInTheDocument();
  });

  it("warns when the conversation could not be read and the draft used the first message only", async () => {
    const client = createFakeFwClient();
    client.templates.freshdeskListConversations = () =>
      json(401, { code: "invalid_credentials", message: "You have to be logged in" });
    client.templates.tandemCreateDraft = () => json(200, sampleDraft());
    client.templates.tandemListTicketApprovals = () => json(200, { approvals: [] });
    client.templates.tandemMarkDraftShown = () => ({ status: 204, response: "" });
    await activate(client);
    const sent = JSON.parse(
      client.invoked.find((call) => call.name === "tandemCreateDraft")?.options.body ?? "{}",
    );
    expect(sent.ticket.messages).toHaveLength(1);
    expect(
      screen.getByRole("note", { name: /Drafted from the first message only/ }),
    ).toHaveTextContent("check the Freshdesk API key");
    expect(screen.getByRole("button", { name: "Approve & insert" })).toBeEnabled();
  });

  it("follows the agent's Freshdesk language", async () => {
    const client = createFakeFwClient();
    client.loggedInUser = { id: 77, contact: { name: "Ana", language: "de" } };
    client.templates.tandemCreateDraft = () => json(200, sampleDraft());
    client.templates.tandemListTicketApprovals = () => json(200, { approvals: [] });
    client.templates.tandemMarkDraftShown = () => ({ status: 204, response: "" });
    await activate(client);
    expect(screen.getByRole("button", { name: "Freigeben & einfügen" })).toBeInTheDocument();
  });
});
