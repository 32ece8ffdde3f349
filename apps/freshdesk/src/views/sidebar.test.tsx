import { createReviewController, createTranslator, TandemApiError } from "@tandem/sidebar";
import {
  createFakeApi,
  createFakeHost,
  createManualTimers,
  type FakeApi,
  type FakeHost,
  flush,
  sampleApproval,
  sampleDecision as sampleDecisionFor,
  sampleDraft,
  sampleExecution,
  sampleTicket,
} from "@tandem/sidebar/testing";
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Sidebar } from "./sidebar";

interface Setup {
  api?: FakeApi;
  host?: FakeHost;
  locale?: string;
  missingSettings?: string[];
}

async function mount(setup: Setup = {}) {
  const api = setup.api ?? createFakeApi();
  const host = setup.host ?? createFakeHost({ ticket: sampleTicket({ platform: "freshdesk" }) });
  const t = createTranslator(setup.locale ?? "en");
  let key = 0;
  // Polling runs on manual timers: tests move the clock, nothing waits for real.
  const timers = createManualTimers();
  const controller = createReviewController({
    api,
    host,
    t,
    missingSettings: setup.missingSettings ?? [],
    newKey: () => `idempotency-key-${++key}`,
    timers,
  });
  render(<Sidebar controller={controller} host={host} t={t} />);
  await act(async () => {
    await controller.start();
    await flush();
  });
  const tick = async (ms: number) => {
    await act(async () => {
      timers.advance(ms);
      await flush();
    });
  };
  return { api, host, controller, tick };
}

/** Mounts the sidebar, lets the agent act, then a new customer message arrives. */
async function mountThenCustomerWrites(setup: Setup, before: () => void = () => undefined) {
  const host = setup.host ?? createFakeHost();
  const mounted = await mount({ ...setup, host });
  before();
  host.addCustomerMessage("¿Hola?");
  await act(async () => {
    host.fireTicketChanged(["conversation"]);
    await flush();
  });
  return mounted;
}

const click = async (element: HTMLElement) => {
  await act(async () => {
    fireEvent.click(element);
    await flush();
  });
};

describe("Freshdesk sidebar", () => {
  it("shows a skeleton while the draft is being written, never an endless spinner", async () => {
    let release: () => void = () => undefined;
    const api = createFakeApi({
      drafts: [() => new Promise((resolve) => (release = () => resolve(sampleDraft())))],
    });
    const host = createFakeHost();
    const t = createTranslator("en");
    const controller = createReviewController({ api, host, t });
    render(<Sidebar controller={controller} host={host} t={t} />);
    void controller.start();
    await act(() => flush());
    const status = screen.getByRole("status", { name: "Loading the draft" });
    expect(status).toHaveAttribute("aria-busy", "true");
    expect(screen.getByText("Drafting a reply…")).toBeInTheDocument();
    await act(async () => {
      release();
      await flush();
    });
    expect(screen.queryByRole("status", { name: "Loading the draft" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Approve & insert" })).toBeEnabled();
  });

  it("renders triage, the editable draft, why, sources and the actions with before → after", async () => {
    await mount();
    expect(screen.getByRole("main", { name: "Tandem AI draft review" })).toBeInTheDocument();
    const triage = screen.getByRole("list", { name: "Triage" });
    expect(within(triage).getByLabelText("Intent: refund request")).toBeInTheDocument();
    expect(within(triage).getByLabelText("Sentiment: Negative")).toBeInTheDocument();
    expect(within(triage).getByLabelText("Confidence: 82%")).toBeInTheDocument();
    const reply = screen.getByRole("textbox", { name: "Draft reply" });
    expect(reply).toHaveValue(sampleDraft().reply.body);
    expect(screen.getByText(/policy allows refunds within 30 days/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Refund policy (ES)" })).toHaveAttribute(
      "href",
      "https://help.example.com/refunds",
    );
    expect(screen.getByText("Exceptions (internal, not for customers)")).toBeInTheDocument();
    expect(
      screen.getByLabelText("Drafted by the AI model gpt-4o-mini in 0.8 seconds"),
    ).toBeInTheDocument();

    const status = screen.getByRole("checkbox", { name: "Apply Status" });
    expect(status).toBeChecked();
    const row = status.closest("li") as HTMLElement;
    expect(row).toHaveTextContent("Open → Pending");
    expect(
      within(row).getByLabelText("Applied automatically by policy; uncheck to skip"),
    ).toBeInTheDocument();
    const refund = screen
      .getByRole("checkbox", { name: "Apply Refund order" })
      .closest("li") as HTMLElement;
    expect(refund).toHaveTextContent("ORD-550871");
    expect(within(refund).getByLabelText("High risk")).toBeInTheDocument();
    expect(within(refund).getByLabelText("Needs your approval")).toBeInTheDocument();
    expect(screen.getByText("4 of 4 actions selected")).toBeInTheDocument();
  });

  it("Approve & insert inserts the reply, applies only the checked field actions and records one decision on a double click", async () => {
    const { api, host } = await mount();
    await click(screen.getByRole("checkbox", { name: "Apply Tags" }));
    expect(screen.getByText("3 of 4 actions selected")).toBeInTheDocument();

    const approve = screen.getByRole("button", { name: "Approve & insert" });
    await act(async () => {
      fireEvent.click(approve);
      fireEvent.click(approve);
      await flush();
    });

    expect(api.callsOf("decide")).toHaveLength(1);
    const [draftId, request] = api.callsOf("decide")[0] as [string, Record<string, unknown>];
    expect(draftId).toBe(sampleDraft().id);
    expect(request).toMatchObject({
      idempotencyKey: "idempotency-key-1",
      agent: { id: "77", name: "Ana Agent" },
      ticketRevision: "rev-1",
      reply: { outcome: "accepted" },
      actions: [
        { id: "a-status", outcome: "approved" },
        { id: "a-tags", outcome: "rejected" },
        { id: "a-priority", outcome: "approved" },
        { id: "a-refund", outcome: "approved" },
      ],
    });
    expect(host.inserted).toEqual([sampleDraft().reply.body]);
    // Business actions run on the server; unchecked ones are never applied.
    expect(host.applied).toEqual([
      [
        { id: "a-status", type: "set_status", params: { status: "pending" } },
        { id: "a-priority", type: "set_priority", params: { priority: "high" } },
      ],
    ]);
    expect(screen.getByText(/Approved\. The reply is in the editor/)).toBeInTheDocument();
    expect(screen.getByText("2 actions applied to the ticket.")).toBeInTheDocument();
    expect(host.notifications).toContainEqual({
      message: "Tandem inserted the reply.",
      kind: "success",
    });
  });

  it("records an edited reply and edited business params, and reports the text actually sent", async () => {
    const { api, host } = await mount();
    fireEvent.change(screen.getByRole("textbox", { name: "Draft reply" }), {
      target: { value: "Hola Marta, ya está en marcha." },
    });
    expect(screen.getByText("Edited")).toBeInTheDocument();
    const refundRow = screen
      .getByRole("checkbox", { name: "Apply Refund order" })
      .closest("li") as HTMLElement;
    await click(within(refundRow).getByRole("button", { name: "Edit details" }));
    fireEvent.change(screen.getByLabelText("Refund order: Amount"), { target: { value: "45" } });
    await click(screen.getByRole("button", { name: "Approve & insert" }));

    const [, request] = api.callsOf("decide")[0] as [
      string,
      { reply: unknown; actions: unknown[] },
    ];
    expect(request.reply).toEqual({ outcome: "edited", body: "Hola Marta, ya está en marcha." });
    expect(request.actions).toContainEqual({
      id: "a-refund",
      outcome: "approved",
      params: { orderId: "ORD-550871", amount: 45, currency: "EUR" },
    });
    expect(host.inserted).toEqual(["Hola Marta, ya está en marcha."]);

    await act(async () => {
      host.fireReplySent("Hola Marta, ya está en marcha. Saludos");
      await flush();
    });
    expect(api.callsOf("reportSent")).toEqual([
      [sampleDraft().id, "Hola Marta, ya está en marcha. Saludos"],
    ]);
    expect(screen.getByText("Sent reply recorded.")).toBeInTheDocument();
  });

  it("Insert only inserts the reply and decides no action", async () => {
    const { api, host } = await mount();
    await click(screen.getByRole("button", { name: "Insert only" }));
    const [, request] = api.callsOf("decide")[0] as [string, { actions: unknown[] }];
    expect(request.actions).toEqual([]);
    expect(host.inserted).toHaveLength(1);
    expect(host.applied).toEqual([]);
    expect(screen.getByText(/Inserted\. The reply is in the editor/)).toBeInTheDocument();
  });

  it("rejects with a reason and an optional note", async () => {
    const { api, host } = await mount();
    await click(screen.getByRole("button", { name: "Reject" }));
    const confirm = screen.getByRole("button", { name: "Reject draft" });
    expect(confirm).toBeDisabled();
    await click(screen.getByRole("radio", { name: "Wrong tone" }));
    fireEvent.change(screen.getByRole("textbox", { name: "Note (optional)" }), {
      target: { value: "Too formal" },
    });
    await click(screen.getByRole("button", { name: "Reject draft" }));
    const [, request] = api.callsOf("decide")[0] as [
      string,
      { reply: unknown; actions: Array<{ outcome: string }> },
    ];
    expect(request.reply).toEqual({
      outcome: "rejected",
      reason: { code: "wrong_tone", note: "Too formal" },
    });
    expect(request.actions.every((action) => action.outcome === "rejected")).toBe(true);
    expect(host.inserted).toEqual([]);
    expect(screen.getByText(/Draft rejected/)).toBeInTheDocument();
  });

  it("regenerates with the agent's instruction", async () => {
    const api = createFakeApi({
      drafts: [
        sampleDraft(),
        sampleDraft({
          id: "5d6c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a",
          reply: { body: "Versión corta.", language: "es" },
        }),
      ],
    });
    await mount({ api });
    fireEvent.change(
      screen.getByRole("textbox", { name: "Instruction for a new draft (optional)" }),
      {
        target: { value: "shorter" },
      },
    );
    await click(screen.getByRole("button", { name: "Regenerate" }));
    expect(api.callsOf("createDraft")[1]?.[0]).toMatchObject({
      instruction: "shorter",
      refresh: true,
    });
    expect(screen.getByRole("textbox", { name: "Draft reply" })).toHaveValue("Versión corta.");
  });

  it("supports the keyboard shortcuts from inside the draft", async () => {
    const { api } = await mount();
    const reply = screen.getByRole("textbox", { name: "Draft reply" });
    expect(screen.getByRole("button", { name: "Approve & insert" })).toHaveAttribute(
      "aria-keyshortcuts",
      "Control+Enter Meta+Enter",
    );
    await act(async () => {
      fireEvent.keyDown(reply, { key: "Enter", ctrlKey: true });
      await flush();
    });
    expect(api.callsOf("decide")).toHaveLength(1);
  });

  it("says what the admin must configure when settings are missing", async () => {
    const { api } = await mount({ missingSettings: ["Tandem server host"] });
    expect(screen.getByRole("alert", { name: "Tandem is not set up yet" })).toHaveTextContent(
      "Missing: Tandem server host",
    );
    expect(api.callsOf("createDraft")).toHaveLength(0);
  });

  it("explains a refused token", async () => {
    const api = createFakeApi({ drafts: [new TandemApiError("UNAUTHORIZED", "bad token", 401)] });
    await mount({ api });
    expect(screen.getByRole("alert", { name: "Tandem could not sign in" })).toBeInTheDocument();
  });

  it("offers a retry when the server is unreachable, and recovers", async () => {
    const api = createFakeApi({
      drafts: [new TandemApiError("UNREACHABLE", "down"), sampleDraft()],
    });
    await mount({ api });
    expect(
      screen.getByRole("alert", { name: "Can't reach the Tandem server" }),
    ).toBeInTheDocument();
    await click(screen.getByRole("button", { name: "Retry" }));
    expect(screen.getByRole("button", { name: "Approve & insert" })).toBeInTheDocument();
  });

  it("shows a model failure without a draft, and other errors with their reference", async () => {
    const api = createFakeApi({
      drafts: [new TandemApiError("UPSTREAM_MODEL_FAILED", "timeout", 502, "req-12345678")],
    });
    await mount({ api });
    const alert = screen.getByRole("alert", { name: "The AI model failed" });
    expect(alert).toHaveTextContent("Reference: req-12345678");
  });

  it("shows a generic error with its message", async () => {
    const api = createFakeApi({
      drafts: [new TandemApiError("PAYLOAD_TOO_LARGE", "Ticket too large", 413)],
    });
    await mount({ api });
    expect(screen.getByRole("alert", { name: "Something went wrong" })).toHaveTextContent(
      "Ticket too large",
    );
  });

  it("marks an offline draft and a model failure fallback", async () => {
    await mount({ api: createFakeApi({ drafts: [sampleDraft({ mode: "offline" })] }) });
    expect(screen.getByRole("note", { name: "Offline draft" })).toBeInTheDocument();
    expect(screen.getByLabelText("Drafted by the offline drafter")).toBeInTheDocument();
  });

  it("explains why a model draft fell back to the offline drafter", async () => {
    await mount({
      api: createFakeApi({
        drafts: [sampleDraft({ mode: "offline", fallbackReason: "model timed out" })],
      }),
    });
    expect(
      screen.getByRole("note", { name: "AI model unavailable — offline draft" }),
    ).toHaveTextContent("The model failed (model timed out)");
  });

  it("re-drafts at once when the customer writes again, never offering the old draft as current", async () => {
    let release: () => void = () => undefined;
    const api = createFakeApi({
      drafts: [
        sampleDraft(),
        () =>
          new Promise((resolve) => {
            release = () =>
              resolve(
                sampleDraft({
                  id: "5d6c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a",
                  ticketRevision: "rev-2",
                  reply: { body: "Hola Marta, sobre tu nuevo mensaje…", language: "es" },
                }),
              );
          }),
      ],
    });
    await mountThenCustomerWrites({ api });
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("The ticket changed — refresh");
    expect(alert).toHaveTextContent("A new message arrived — drafting a new reply…");
    expect(screen.getByRole("button", { name: "Approve & insert" })).toBeDisabled();
    await act(async () => {
      release();
      await flush();
    });
    expect(screen.queryByText("The ticket changed — refresh")).not.toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("Updated for the new message");
    expect(screen.getByRole("textbox", { name: "Draft reply" })).toHaveValue(
      "Hola Marta, sobre tu nuevo mensaje…",
    );
    expect(screen.getByRole("button", { name: "Approve & insert" })).toBeEnabled();
    expect(api.callsOf("createDraft")[1]?.[0]).not.toHaveProperty("refresh");
  });

  it("keeps the stale state with Refresh when re-drafting fails", async () => {
    const api = createFakeApi({
      drafts: [sampleDraft(), new TandemApiError("UNREACHABLE", "down"), sampleDraft()],
    });
    await mountThenCustomerWrites({ api });
    expect(screen.getByRole("alert")).toHaveTextContent("New information arrived");
    expect(screen.getByRole("button", { name: "Approve & insert" })).toBeDisabled();
    await click(screen.getByRole("button", { name: "Refresh" }));
    expect(api.callsOf("createDraft")).toHaveLength(3);
    expect(screen.queryByText("The ticket changed — refresh")).not.toBeInTheDocument();
  });

  it("keeps the agent's edited reply when the customer writes again, until Refresh", async () => {
    const { api } = await mountThenCustomerWrites({}, () =>
      fireEvent.change(screen.getByRole("textbox", { name: "Draft reply" }), {
        target: { value: "Hola Marta, lo miro ahora." },
      }),
    );
    expect(screen.getByRole("alert")).toHaveTextContent("Your edits are kept");
    expect(screen.getByRole("textbox", { name: "Draft reply" })).toHaveValue(
      "Hola Marta, lo miro ahora.",
    );
    // The draft for the new message is fetched alongside; it replaces nothing unasked.
    expect(api.callsOf("createDraft")).toHaveLength(2);
  });

  it("treats a STALE_DRAFT answer like a new message: drafts the new revision", async () => {
    const api = createFakeApi({
      drafts: [sampleDraft(), sampleDraft({ ticketRevision: "rev-2" })],
    });
    api.decisionAnswer = new TandemApiError("STALE_DRAFT", "changed", 409);
    const { host } = await mount({ api });
    await click(screen.getByRole("button", { name: "Approve & insert" }));
    expect(host.inserted).toEqual([]);
    expect(api.callsOf("createDraft")).toHaveLength(2);
    expect(screen.getByText("Updated for the new message")).toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: "Draft reply" })).toBeInTheDocument();
  });

  it("warns that the draft used the first message only when the conversation was unreadable", async () => {
    const host = createFakeHost();
    host.partial = true;
    await mount({ host });
    expect(
      screen.getByRole("note", {
        name: /Drafted from the first message only: Tandem could not read this ticket's conversation/,
      }),
    ).toHaveTextContent("Freshdesk API key");
  });

  it("keeps the draft when the decision cannot be recorded", async () => {
    const api = createFakeApi();
    api.decisionAnswer = new TandemApiError("UNREACHABLE", "down");
    const { host } = await mount({ api });
    await click(screen.getByRole("button", { name: "Approve & insert" }));
    expect(screen.getByRole("alert")).toHaveTextContent(
      "Could not reach the server; your decision was not recorded",
    );
    expect(host.inserted).toEqual([]);
    expect(screen.getByRole("button", { name: "Approve & insert" })).toBeEnabled();
  });

  it("shows failed executions and retries the host-side ones", async () => {
    const host = createFakeHost();
    host.failOn.add("a-priority");
    const api = createFakeApi();
    api.decisionAnswer = (draft, request) => ({
      id: "d-1",
      draftId: draft.id,
      ticketId: draft.ticketId,
      ticketRevision: draft.ticketRevision,
      agent: request.agent,
      agentIdentity: "asserted",
      acknowledgedCommitments: false,
      reply: { outcome: "accepted" },
      actions: [],
      executions: [
        {
          id: "x-1",
          actionId: "a-refund",
          type: "refund_order",
          status: "failed",
          attempts: 3,
          lastError: "Payment provider timed out",
          updatedAt: "2025-01-10T09:01:00.000Z",
        },
      ],
      createdAt: "2025-01-10T09:01:00.000Z",
    });
    await mount({ api, host });
    await click(screen.getByRole("button", { name: "Approve & insert" }));
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("Some actions failed");
    expect(alert).toHaveTextContent("Priority: Field is read-only");
    expect(alert).toHaveTextContent("Refund order: Payment provider timed out");
    expect(screen.getByText("Refund order: Failed")).toBeInTheDocument();
    expect(host.notifications).toContainEqual({
      message: "Tandem could not apply 2 actions.",
      kind: "error",
    });

    host.failOn.clear();
    await click(screen.getByRole("button", { name: "Retry failed actions" }));
    expect(host.applied.at(-1)).toEqual([
      { id: "a-priority", type: "set_priority", params: { priority: "high" } },
    ]);
    expect(screen.getByRole("alert")).not.toHaveTextContent("Priority: Field is read-only");
    expect(screen.queryByRole("button", { name: "Retry failed actions" })).not.toBeInTheDocument();
  });

  it("lists approval requests from external agents and decides them", async () => {
    const api = createFakeApi();
    api.approvals = [sampleApproval()];
    await mount({ api });
    const region = screen.getByRole("region", { name: "Approval requests" });
    expect(region).toHaveTextContent("1 approval request from Trip bot");
    // Pending: expanded at once, nothing to open.
    expect(within(region).queryByRole("button", { name: "Open" })).not.toBeInTheDocument();
    expect(region).toHaveTextContent("Change booking dates");
    expect(region).toHaveTextContent("2025-02-01 → 2025-02-03");
    await click(within(region).getByRole("button", { name: "Approve request" }));
    expect(api.callsOf("decideApproval")[0]).toMatchObject(["ap-1", { outcome: "approved" }]);
    expect(within(region).getByText("Approved")).toBeInTheDocument();
  });

  it("speaks the agent's language", async () => {
    await mount({ locale: "es" });
    expect(screen.getByRole("button", { name: "Aprobar e insertar" })).toBeInTheDocument();
  });
});

describe("Freshdesk sidebar: approvals and executions while the ticket is open", () => {
  const bookingExecution = sampleExecution({
    id: "9b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d",
    actionId: "ap-1",
    type: "change_booking_dates",
  });

  it("badges and notifies an approval request that arrives while the ticket is open", async () => {
    const api = createFakeApi();
    const { host, tick } = await mount({ api });
    expect(screen.queryByRole("region", { name: "Approval requests" })).not.toBeInTheDocument();
    api.approvals = [sampleApproval()];
    await tick(15_000);
    const region = screen.getByRole("region", { name: "Approval requests" });
    expect(within(region).getByRole("status")).toHaveTextContent(
      "1 approval request from Trip bot",
    );
    expect(host.notifications).toContainEqual({
      message: "Tandem: 1 new approval request from Trip bot",
      kind: "info",
    });
    // The request is expanded at the top at once: it is on screen, so nothing stays "new".
    expect(within(region).getByTestId("approval-card")).toHaveTextContent("Change booking dates");
    expect(within(region).queryByText("1 new")).not.toBeInTheDocument();
    api.approvals = [];
    await tick(15_000);
    expect(screen.queryByRole("region", { name: "Approval requests" })).not.toBeInTheDocument();
  });

  it("approves with edited params and follows the booking change until a retry succeeds", async () => {
    const api = createFakeApi();
    api.approvals = [sampleApproval()];
    api.approvalExecutions["ap-1"] = bookingExecution;
    api.executions[bookingExecution.id] = [
      { ...bookingExecution, status: "failed", lastError: "Hotel API 503" },
    ];
    const { tick } = await mount({ api });
    const region = screen.getByRole("region", { name: "Approval requests" });
    await click(within(region).getByRole("button", { name: "Edit details" }));
    fireEvent.change(within(region).getByLabelText("Change booking dates: Check-in"), {
      target: { value: "2025-02-05" },
    });
    expect(region).toHaveTextContent("2025-02-01 → 2025-02-05");
    await click(within(region).getByRole("button", { name: "Approve request" }));
    expect(api.callsOf("decideApproval")[0]?.[1]).toMatchObject({
      outcome: "approved",
      params: { bookingId: "BK-7", checkIn: "2025-02-05" },
    });
    expect(within(region).getByText("Change booking dates: Queued")).toBeInTheDocument();
    await tick(1_000);
    expect(within(region).getByText("Change booking dates: Failed")).toBeInTheDocument();
    expect(region).toHaveTextContent("Hotel API 503");
    api.executions[bookingExecution.id] = [{ ...bookingExecution, status: "succeeded" }];
    await click(within(region).getByRole("button", { name: "Retry Change booking dates" }));
    await tick(1_000);
    expect(within(region).getByText("Change booking dates: Done")).toBeInTheDocument();
  });

  it("follows a refund the decision queued, and retries it on the server when it fails", async () => {
    const refund = sampleExecution();
    const api = createFakeApi();
    api.decisionAnswer = (draft, request) => ({
      ...sampleDecisionFor(draft, request),
      executions: [refund],
    });
    api.executions[refund.id] = [
      { ...refund, status: "running" },
      { ...refund, status: "failed", lastError: "Payment provider timed out" },
    ];
    const { host, tick } = await mount({ api });
    await click(screen.getByRole("button", { name: "Approve & insert" }));
    expect(screen.getByText("Refund order: Queued")).toBeInTheDocument();
    await tick(1_000);
    expect(screen.getByText("Refund order: Running")).toBeInTheDocument();
    await tick(2_000);
    expect(screen.getByText("Refund order: Failed")).toBeInTheDocument();
    expect(host.notifications).toContainEqual({
      message: "Tandem: Refund order failed. Retry it from the sidebar.",
      kind: "error",
    });
    api.executions[refund.id] = [{ ...refund, status: "succeeded" }];
    await click(screen.getByRole("button", { name: "Retry Refund order" }));
    expect(api.callsOf("retryExecution")).toEqual([[refund.id]]);
    expect(screen.queryByText("Some actions failed")).not.toBeInTheDocument();
    await tick(1_000);
    expect(screen.getByText("Refund order: Done")).toBeInTheDocument();
  });
});
