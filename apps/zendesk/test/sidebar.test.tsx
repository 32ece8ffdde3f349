import type { DecisionRequestInput } from "@tandem/shared";
import { TandemApiError } from "@tandem/sidebar";
import {
  createFakeApi,
  createFakeHost,
  sampleApproval,
  sampleDecision,
  sampleDraft,
} from "@tandem/sidebar/testing";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderSidebar } from "./render-sidebar";

const approveButton = () => screen.findByRole("button", { name: "Approve & insert" });

/** Opens the sidebar, then the customer writes again; answers the stale notice. */
async function customerWritesAgain(api: ReturnType<typeof createFakeApi>) {
  const host = createFakeHost();
  renderSidebar({ api, host });
  await approveButton();
  host.addCustomerMessage("¿Alguien?");
  await act(async () => host.fireTicketChanged());
  return screen.findByRole("alert");
}

describe("sidebar states", () => {
  it("shows a loading skeleton until the draft arrives", async () => {
    let resolve: (draft: ReturnType<typeof sampleDraft>) => void = () => {};
    const api = createFakeApi({ drafts: [() => new Promise((r) => (resolve = r))] });
    renderSidebar({ api });
    expect(await screen.findByRole("status", { name: "Loading the draft" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Approve & insert" })).not.toBeInTheDocument();
    await act(async () => resolve(sampleDraft()));
    expect(await approveButton()).toBeEnabled();
    expect(screen.queryByRole("status", { name: "Loading the draft" })).not.toBeInTheDocument();
  });

  it("renders the draft: triage chips, editable reply, why, sources and actions with before → after", async () => {
    renderSidebar();
    await approveButton();
    const triage = screen.getByRole("list", { name: "Triage" });
    expect(
      within(triage).getByRole("listitem", { name: "Intent: Refund request" }),
    ).toBeInTheDocument();
    expect(
      within(triage).getByRole("listitem", { name: "Sentiment: Negative" }),
    ).toBeInTheDocument();
    expect(within(triage).getByRole("listitem", { name: "Urgency: High" })).toBeInTheDocument();
    expect(within(triage).getByRole("listitem", { name: "Language: Spanish" })).toBeInTheDocument();
    expect(within(triage).getByRole("listitem", { name: "Confidence: 82%" })).toBeInTheDocument();

    const reply = screen.getByRole("textbox", { name: "Draft reply" });
    expect(reply).toHaveValue(sampleDraft().reply.body);
    expect(screen.getByText(/policy allows refunds within 30 days/)).toBeInTheDocument();

    expect(screen.getByRole("link", { name: "Refund policy (ES)" })).toHaveAttribute(
      "href",
      "https://help.example.com/refunds",
    );
    const internal = screen.getByText("Exceptions").closest("div") as HTMLElement;
    expect(internal).toHaveTextContent("internal");

    const status = screen.getByRole("checkbox", { name: "Apply Status" });
    expect(status).toBeChecked();
    expect(screen.getByRole("checkbox", { name: "Apply Refund order" })).toBeChecked();
    const statusItem = status.closest("li") as HTMLElement;
    expect(statusItem).toHaveTextContent("Open → Pending");
    expect(statusItem).toHaveTextContent("auto");
    const refundItem = screen
      .getByRole("checkbox", { name: "Apply Refund order" })
      .closest("li") as HTMLElement;
    expect(refundItem).toHaveTextContent("ORD-550871 · EUR 89.00");
    expect(refundItem).toHaveTextContent("approve");
    expect(refundItem).toHaveTextContent("High risk");
    expect(screen.getByRole("checkbox", { name: "Apply Tags" }).closest("li")).toHaveTextContent(
      "+ refund",
    );
    expect(screen.getByText("Model · 0.8 s")).toBeInTheDocument();
  });

  it("shows the not-configured screen with what the admin must enter", async () => {
    const { api } = renderSidebar({ missingSettings: ["Tandem server URL"] });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Tandem is not set up yet");
    expect(alert).toHaveTextContent("Missing: Tandem server URL");
    expect(api.calls).toHaveLength(0);
  });

  it("shows a rejected token as a sign-in problem", async () => {
    renderSidebar({
      api: createFakeApi({ drafts: [new TandemApiError("UNAUTHORIZED", "Unknown token", 401)] }),
    });
    expect(await screen.findByRole("alert")).toHaveTextContent("Tandem could not sign in");
  });

  it("shows server unreachable with a retry that recovers", async () => {
    const api = createFakeApi({
      drafts: [new TandemApiError("UNREACHABLE", "down"), sampleDraft()],
    });
    renderSidebar({ api });
    expect(await screen.findByRole("alert")).toHaveTextContent("Can't reach the Tandem server");
    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(await approveButton()).toBeEnabled();
  });

  it("shows a model failure without a draft, with retry", async () => {
    renderSidebar({
      api: createFakeApi({
        drafts: [new TandemApiError("UPSTREAM_MODEL_FAILED", "model", 502), sampleDraft()],
      }),
    });
    expect(await screen.findByRole("alert")).toHaveTextContent("The AI model failed");
    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    await approveButton();
  });

  it("shows other errors with the request id for support", async () => {
    renderSidebar({
      api: createFakeApi({
        drafts: [new TandemApiError("INTERNAL", "Internal error", 500, "req-123")],
      }),
    });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Something went wrong");
    expect(alert).toHaveTextContent("Reference: req-123");
  });

  it("marks an offline draft, and a model failure with an offline fallback and its reason", async () => {
    renderSidebar({ api: createFakeApi({ drafts: [sampleDraft({ mode: "offline" })] }) });
    expect(await screen.findByText("Offline draft")).toBeInTheDocument();
    expect(screen.getByText("Offline drafter")).toBeInTheDocument();
    expect(await approveButton()).toBeEnabled();
  });

  it("explains the offline fallback after a model failure", async () => {
    renderSidebar({
      api: createFakeApi({
        drafts: [sampleDraft({ mode: "offline", fallbackReason: "the model timed out" })],
      }),
    });
    expect(await screen.findByText("AI model unavailable — offline draft")).toBeInTheDocument();
    expect(screen.getByText(/the model timed out/)).toBeInTheDocument();
  });

  it("re-drafts at once when a new customer message arrives, never showing the old draft as current", async () => {
    let release: (draft: ReturnType<typeof sampleDraft>) => void = () => {};
    const api = createFakeApi({
      drafts: [sampleDraft(), () => new Promise((resolve) => (release = resolve))],
    });
    const alert = await customerWritesAgain(api);
    expect(alert).toHaveTextContent("The ticket changed — refresh");
    expect(alert).toHaveTextContent("A new message arrived — drafting a new reply…");
    expect(screen.getByRole("button", { name: "Approve & insert" })).toBeDisabled();
    await act(async () =>
      release(
        sampleDraft({
          id: "33333333-2222-4333-8444-555555555555",
          ticketRevision: "rev-2",
          reply: { body: "Hola Marta, ya te respondo sobre tu nuevo mensaje.", language: "es" },
        }),
      ),
    );
    expect(await screen.findByText("Updated for the new message")).toBeInTheDocument();
    expect(screen.queryByText("The ticket changed — refresh")).not.toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: "Draft reply" })).toHaveValue(
      "Hola Marta, ya te respondo sobre tu nuevo mensaje.",
    );
    expect(await approveButton()).toBeEnabled();
    expect(api.callsOf("createDraft")).toHaveLength(2);
  });

  it("keeps the stale state with Refresh when re-drafting fails, and refresh recovers", async () => {
    const api = createFakeApi({
      drafts: [
        sampleDraft(),
        new TandemApiError("UNREACHABLE", "down"),
        sampleDraft({ id: "33333333-2222-4333-8444-555555555555", ticketRevision: "rev-2" }),
      ],
    });
    const alert = await customerWritesAgain(api);
    await waitFor(() => expect(alert).toHaveTextContent("New information arrived"));
    expect(screen.getByRole("button", { name: "Approve & insert" })).toBeDisabled();
    await userEvent.click(within(alert).getByRole("button", { name: "Refresh" }));
    await waitFor(() =>
      expect(screen.queryByText("The ticket changed — refresh")).not.toBeInTheDocument(),
    );
    expect(await approveButton()).toBeEnabled();
    expect(api.callsOf("createDraft")).toHaveLength(3);
  });

  it("keeps the agent's edited reply when the ticket changes, until Refresh", async () => {
    const { api, host } = renderSidebar();
    const user = userEvent.setup();
    const reply = await screen.findByRole("textbox", { name: "Draft reply" });
    await user.type(reply, " Un saludo.");
    host.addCustomerMessage("¿Alguien?");
    await act(async () => host.fireTicketChanged());
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Your edits are kept");
    expect(reply).toHaveValue(`${sampleDraft().reply.body} Un saludo.`);
    // The draft for the new message is fetched alongside; it replaces nothing unasked.
    await waitFor(() => expect(api.callsOf("createDraft")).toHaveLength(2));
    expect(reply).toHaveValue(`${sampleDraft().reply.body} Un saludo.`);
  });

  it("turns a STALE_DRAFT answer into the stale state and drafts the new revision", async () => {
    const api = createFakeApi({
      drafts: [
        sampleDraft(),
        sampleDraft({ id: "33333333-2222-4333-8444-555555555555", ticketRevision: "rev-2" }),
      ],
    });
    api.decisionAnswer = new TandemApiError("STALE_DRAFT", "changed", 409);
    const { host } = renderSidebar({ api });
    await userEvent.click(await approveButton());
    expect(await screen.findByText("Updated for the new message")).toBeInTheDocument();
    expect(host.inserted).toEqual([]);
    expect(api.callsOf("createDraft")).toHaveLength(2);
    expect(await approveButton()).toBeEnabled();
  });

  it("shows action execution failures with retry and details", async () => {
    const api = createFakeApi();
    api.decisionAnswer = (draft, request) =>
      sampleDecision(draft, request, {
        executions: [
          {
            id: "e1",
            actionId: "a-refund",
            type: "refund_order",
            status: "failed",
            attempts: 3,
            lastError: "Shop API returned 500",
            updatedAt: "2025-01-10T09:01:00.000Z",
          },
        ],
      });
    const host = createFakeHost();
    host.failOn.add("a-status");
    renderSidebar({ api, host });
    await userEvent.click(await approveButton());
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Some actions failed");
    expect(alert).toHaveTextContent("Status");
    expect(alert).toHaveTextContent("Refund order");
    await userEvent.click(within(alert).getByRole("button", { name: "Details" }));
    expect(alert).toHaveTextContent("Shop API returned 500");
    host.failOn.clear();
    await userEvent.click(within(alert).getByRole("button", { name: "Retry failed actions" }));
    await waitFor(() =>
      expect(host.applied.at(-1)).toEqual([
        { id: "a-status", type: "set_status", params: { status: "pending" } },
      ]),
    );
    expect(screen.getByText("Refund order: Failed")).toBeInTheDocument();
  });

  it("renders in the agent's language", async () => {
    renderSidebar({ locale: "pt-BR" });
    expect(await screen.findByRole("button", { name: "Aprovar e inserir" })).toBeEnabled();
    expect(screen.getByRole("button", { name: "Só inserir" })).toBeInTheDocument();
    expect(
      screen.getByRole("checkbox", { name: "Aplicar Status" }).closest("li"),
    ).toHaveTextContent("Aberto → Pendente");
  });

  it("renders in dark mode", async () => {
    renderSidebar({ scheme: "dark" });
    await approveButton();
    expect(document.documentElement.dataset.colorScheme).toBe("dark");
  });
});

describe("approve flow", () => {
  it("inserts the reply, sets only the approved fields and posts the decision once on double click", async () => {
    const { api, host } = renderSidebar();
    const user = userEvent.setup();
    await user.click(await screen.findByRole("checkbox", { name: "Apply Tags" }));
    const button = await approveButton();
    await user.dblClick(button);
    await user.click(button);
    expect(await screen.findByText(/Approved\. The reply is in the editor/)).toBeInTheDocument();

    expect(api.callsOf("decide")).toHaveLength(1);
    const request = api.callsOf("decide")[0]?.[1] as DecisionRequestInput;
    expect(request.reply).toEqual({ outcome: "accepted" });
    expect(request.actions).toEqual([
      { id: "a-status", outcome: "approved" },
      { id: "a-tags", outcome: "rejected" },
      { id: "a-priority", outcome: "approved" },
      { id: "a-refund", outcome: "approved" },
    ]);
    expect(host.inserted).toEqual([sampleDraft().reply.body]);
    expect(host.applied).toEqual([
      [
        { id: "a-status", type: "set_status", params: { status: "pending" } },
        { id: "a-priority", type: "set_priority", params: { priority: "high" } },
      ],
    ]);
    expect(screen.queryByRole("button", { name: "Approve & insert" })).not.toBeInTheDocument();
    expect(screen.getByText("2 actions applied to the ticket.")).toBeInTheDocument();
  });

  it("records the agent's edits to the reply and to business-action params", async () => {
    const { api, host } = renderSidebar();
    const user = userEvent.setup();
    const reply = await screen.findByRole("textbox", { name: "Draft reply" });
    await user.clear(reply);
    await user.type(reply, "Hola Marta, reembolso en curso.");
    expect(screen.getByText("Edited")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Edit details" }));
    const amount = screen.getByRole("spinbutton", { name: "Refund order: Amount" });
    await user.clear(amount);
    await user.type(amount, "45.5");
    expect(
      screen.getByRole("checkbox", { name: "Apply Refund order" }).closest("li"),
    ).toHaveTextContent("EUR 45.50");
    await user.click(screen.getByRole("button", { name: "Approve & insert" }));
    await screen.findByText(/Approved\./);
    const request = api.callsOf("decide")[0]?.[1] as DecisionRequestInput;
    expect(request.reply).toEqual({ outcome: "edited", body: "Hola Marta, reembolso en curso." });
    expect(request.actions).toContainEqual({
      id: "a-refund",
      outcome: "approved",
      params: { orderId: "ORD-550871", amount: 45.5, currency: "EUR" },
    });
    expect(host.inserted).toEqual(["Hola Marta, reembolso en curso."]);
  });

  it("approves with Ctrl+Enter from the reply editor", async () => {
    const { api } = renderSidebar();
    const reply = await screen.findByRole("textbox", { name: "Draft reply" });
    fireEvent.keyDown(reply, { key: "Enter", ctrlKey: true });
    fireEvent.keyDown(reply, { key: "Enter", ctrlKey: true });
    await screen.findByText(/Approved\./);
    expect(api.callsOf("decide")).toHaveLength(1);
  });

  it("inserts only with Ctrl+Shift+Enter, deciding no actions", async () => {
    const { api, host } = renderSidebar();
    const reply = await screen.findByRole("textbox", { name: "Draft reply" });
    fireEvent.keyDown(reply, { key: "Enter", ctrlKey: true, shiftKey: true });
    await screen.findByText(/Inserted\./);
    const request = api.callsOf("decide")[0]?.[1] as DecisionRequestInput;
    expect(request.actions).toEqual([]);
    expect(host.applied).toEqual([]);
  });

  it("keeps the draft and says so when the decision could not be recorded", async () => {
    const api = createFakeApi();
    api.decisionAnswer = new TandemApiError("UNREACHABLE", "down");
    const { host } = renderSidebar({ api });
    await userEvent.click(await approveButton());
    expect(await screen.findByRole("alert")).toHaveTextContent("your decision was not recorded");
    expect(host.inserted).toEqual([]);
    api.decisionAnswer = null;
    await userEvent.click(screen.getByRole("button", { name: "Approve & insert" }));
    await screen.findByText(/Approved\./);
    const keys = api
      .callsOf("decide")
      .map((call) => (call[1] as DecisionRequestInput).idempotencyKey);
    expect(new Set(keys).size).toBe(1);
  });

  it("reports the text actually sent after the agent submits", async () => {
    const { api, host } = renderSidebar();
    await userEvent.click(await approveButton());
    await screen.findByText(/Approved\./);
    await act(async () => host.fireReplySent("Hola Marta, editado en Zendesk."));
    expect(await screen.findByText("Sent reply recorded.")).toBeInTheDocument();
    expect(api.callsOf("reportSent")).toEqual([
      [sampleDraft().id, "Hola Marta, editado en Zendesk."],
    ]);
  });

  it("reports the draft shown once", async () => {
    const { api } = renderSidebar();
    await approveButton();
    expect(api.callsOf("markShown")).toHaveLength(1);
  });
});

describe("reject, regenerate and approvals", () => {
  it("rejects with a reason from the taxonomy and a note", async () => {
    const { api, host } = renderSidebar();
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Reject" }));
    const confirm = screen.getByRole("button", { name: "Reject draft" });
    expect(confirm).toBeDisabled();
    await user.click(screen.getByRole("radio", { name: "Wrong tone" }));
    await user.type(screen.getByRole("textbox", { name: "Note (optional)" }), "Too formal");
    await user.click(confirm);
    expect(await screen.findByText(/Draft rejected\./)).toBeInTheDocument();
    const request = api.callsOf("decide")[0]?.[1] as DecisionRequestInput;
    expect(request.reply).toEqual({
      outcome: "rejected",
      reason: { code: "wrong_tone", note: "Too formal" },
    });
    expect(host.inserted).toEqual([]);
  });

  it("regenerates with an instruction", async () => {
    const api = createFakeApi({
      drafts: [
        sampleDraft(),
        sampleDraft({
          id: "44444444-2222-4333-8444-555555555555",
          reply: { body: "Versión corta.", language: "es" },
        }),
      ],
    });
    renderSidebar({ api });
    const user = userEvent.setup();
    await user.type(
      await screen.findByRole("textbox", { name: "Instruction for a new draft (optional)" }),
      "shorter",
    );
    await user.click(screen.getByRole("button", { name: "Regenerate" }));
    await waitFor(() =>
      expect(screen.getByRole("textbox", { name: "Draft reply" })).toHaveValue("Versión corta."),
    );
    expect(api.callsOf("createDraft")[1]?.[0]).toMatchObject({
      instruction: "shorter",
      refresh: true,
    });
  });

  it("lists pending approval requests first and decides them", async () => {
    const api = createFakeApi();
    api.approvals = [sampleApproval()];
    renderSidebar({ api });
    const user = userEvent.setup();
    expect(await screen.findByText("1 approval request from Trip bot")).toBeInTheDocument();
    // Pending: expanded at once, above the draft.
    const list = screen.getByRole("list", { name: "Approval requests" });
    expect(list).toHaveTextContent("Change booking dates");
    expect(list).toHaveTextContent("2025-02-01 → 2025-02-03");
    await user.click(within(list).getByRole("button", { name: "Approve request" }));
    expect(await within(list).findByText("Approved")).toBeInTheDocument();
    expect(api.callsOf("decideApproval")).toHaveLength(1);
  });
});
