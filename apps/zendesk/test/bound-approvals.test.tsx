import type { DecisionRequestInput, Draft } from "@tandem/shared";
import { TandemApiError } from "@tandem/sidebar";
import {
  createFakeApi,
  createFakeHost,
  sampleActions,
  sampleApproval,
  sampleDecision,
  sampleDraft,
} from "@tandem/sidebar/testing";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderSidebar } from "./render-sidebar";

const approveButton = () => screen.findByRole("button", { name: "Approve & insert" });
const decisionOf = (api: ReturnType<typeof createFakeApi>, index = 0) =>
  api.callsOf("decide")[index]?.[1] as DecisionRequestInput;

const PROMISE = "I have issued a full refund for ORD-550871.";
/** An English draft whose reply promises a refund; without the refund action it is unbacked. */
const refundDraft = (overrides: Partial<Draft> = {}) =>
  sampleDraft({
    reply: { body: `Hi Marta, sorry about the broken parcel. ${PROMISE}`, language: "en" },
    actions: sampleActions.filter((action) => action.kind === "field"),
    ...overrides,
  });

describe("an unbacked promise blocks one-click approval", () => {
  it("quotes the sentence, disables both approve buttons and the shortcut", async () => {
    const { api } = renderSidebar({ api: createFakeApi({ drafts: [refundDraft()] }) });
    const notice = await screen.findByTestId("unbacked-commitments");
    expect(notice).toHaveTextContent("This reply promises something no action does");
    expect(within(notice).getByTestId("unbacked-commitment")).toHaveTextContent(`“${PROMISE}”`);
    expect(await approveButton()).toBeDisabled();
    expect(screen.getByRole("button", { name: "Insert only" })).toBeDisabled();
    expect(screen.getByText("Resolve the promise above to approve.")).toBeInTheDocument();
    fireEvent.keyDown(screen.getByRole("textbox", { name: "Draft reply" }), {
      key: "Enter",
      ctrlKey: true,
    });
    await act(async () => {});
    expect(api.callsOf("decide")).toHaveLength(0);
    // Rejecting is never blocked.
    expect(screen.getByRole("button", { name: "Reject" })).toBeEnabled();
  });

  it("adds the action that backs it: checked, marked as added, target read-only, then approves", async () => {
    const { api } = renderSidebar({ api: createFakeApi({ drafts: [refundDraft()] }) });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Add action: Refund" }));
    await waitFor(() =>
      expect(screen.queryByTestId("unbacked-commitments")).not.toBeInTheDocument(),
    );
    expect(api.callsOf("addDraftAction")[0]?.[1]).toMatchObject({ commitmentKind: "refund" });
    const added = screen.getByRole("checkbox", { name: "Apply Refund order" });
    expect(added).toBeChecked();
    const item = added.closest("li") as HTMLElement;
    expect(item).toHaveTextContent("added by you");
    // Opened with its fields: the order is the target (locked), the amount stays editable.
    const order = within(item).getByRole("textbox", { name: "Refund order: Order" });
    expect(order).toHaveAttribute("readonly");
    expect(order).toHaveValue("ORD-550871");
    expect(item).toHaveTextContent("Can't be changed: it names what the action changes.");
    const amount = within(item).getByRole("spinbutton", { name: "Refund order: Amount" });
    expect(amount).not.toHaveAttribute("readonly");
    await user.clear(amount);
    await user.type(amount, "40");
    await user.click(await approveButton());
    await screen.findByTestId("decided-panel");
    expect(decisionOf(api).actions).toContainEqual({
      id: "added-refund",
      outcome: "approved",
      params: { orderId: "ORD-550871", amount: 40, currency: "EUR" },
    });
    expect(decisionOf(api).acknowledgeCommitments).toBeUndefined();
  });

  it("shows a failed add-action inline and keeps everything", async () => {
    const api = createFakeApi({ drafts: [refundDraft()] });
    api.addActionAnswer = new TandemApiError("BAD_REQUEST", "no refund action in the policy", 400);
    renderSidebar({ api });
    await userEvent.click(await screen.findByRole("button", { name: "Add action: Refund" }));
    expect(
      await screen.findByText("Could not add the action: no refund action in the policy"),
    ).toBeInTheDocument();
    expect(screen.getByTestId("unbacked-commitments")).toBeInTheDocument();
    expect(await approveButton()).toBeDisabled();
  });

  it("'Edit the sentence' selects it in the reply; rewriting it unblocks", async () => {
    renderSidebar({ api: createFakeApi({ drafts: [refundDraft()] }) });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Edit the sentence" }));
    const reply = screen.getByRole("textbox", { name: "Draft reply" }) as HTMLTextAreaElement;
    expect(reply).toHaveFocus();
    expect(reply.value.slice(reply.selectionStart, reply.selectionEnd)).toBe(PROMISE);
    await user.keyboard("Could you send me a photo of the parcel?");
    await waitFor(() =>
      expect(screen.queryByTestId("unbacked-commitments")).not.toBeInTheDocument(),
    );
    expect(reply).toHaveValue(
      "Hi Marta, sorry about the broken parcel. Could you send me a photo of the parcel?",
    );
    expect(await approveButton()).toBeEnabled();
  });

  it("asks before the agent keeps the promise themselves, then records the acknowledgement", async () => {
    const { api } = renderSidebar({ api: createFakeApi({ drafts: [refundDraft()] }) });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "I'll do it myself" }));
    // One stray click acknowledges nothing.
    expect(await approveButton()).toBeDisabled();
    expect(screen.getByTestId("commitment-confirm")).toHaveTextContent(
      "Send this promise although no approved action does it?",
    );
    await user.click(screen.getByRole("button", { name: "Send as written — I confirm" }));
    expect(await screen.findByTestId("commitments-acknowledged")).toBeInTheDocument();
    await user.click(await approveButton());
    await screen.findByTestId("decided-panel");
    expect(decisionOf(api).acknowledgeCommitments).toBe(true);
  });

  it("shows the server's 409 UNBACKED_COMMITMENT inline, nothing lost", async () => {
    const api = createFakeApi();
    api.decisionAnswer = new TandemApiError("UNBACKED_COMMITMENT", "unbacked", 409);
    renderSidebar({ api });
    await userEvent.click(await approveButton());
    expect(await screen.findByTestId("decision-error")).toHaveTextContent(
      "The reply promises something no action does",
    );
    expect(screen.getByRole("textbox", { name: "Draft reply" })).toHaveValue(
      sampleDraft().reply.body,
    );
  });
});

const BOOKING_PROMISE = "I have moved your booking BK-2210 to 12–15 June.";
/** Tom's draft with a booking promise that no proposed action does. */
const bookingDraft = (overrides: Partial<Draft> = {}) =>
  sampleDraft({
    reply: { body: `Hi Tom, thanks for writing. ${BOOKING_PROMISE}`, language: "en" },
    actions: sampleActions.filter((action) => action.kind === "field"),
    ...overrides,
  });

describe("an added action: a field for every param the policy declares", () => {
  it("draws the dates the ticket left out, waits for them, then approves with them", async () => {
    const { api } = renderSidebar({ api: createFakeApi({ drafts: [bookingDraft()] }) });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Add action: Booking change" }));
    const added = await screen.findByRole("checkbox", { name: "Apply Change booking dates" });
    const item = added.closest("li") as HTMLElement;
    const booking = within(item).getByRole("textbox", { name: "Change booking dates: Booking" });
    expect(booking).toHaveAttribute("readonly");
    expect(booking).toHaveValue("BK-2210");
    const checkIn = within(item).getByLabelText("Change booking dates: Check-in");
    const checkOut = within(item).getByLabelText("Change booking dates: Check-out");
    for (const date of [checkIn, checkOut]) {
      expect(date).toHaveAttribute("type", "date");
      expect(date).toHaveValue("");
      expect(date).toBeRequired();
      expect(date).toBeEnabled();
    }
    const guests = within(item).getByRole("spinbutton", { name: "Change booking dates: Guests" });
    expect(guests).toHaveAttribute("min", "1");
    expect(guests).toHaveAttribute("step", "1");
    expect(guests).not.toBeRequired();
    const breakfast = within(item).getByRole("checkbox", {
      name: "Change booking dates: Breakfast",
    });
    expect(breakfast).not.toBeChecked();

    // The promise is backed, yet approving waits for the required dates, and says why.
    expect(screen.queryByTestId("unbacked-commitments")).not.toBeInTheDocument();
    expect(await approveButton()).toBeDisabled();
    expect(screen.getByRole("button", { name: "Insert only" })).toBeDisabled();
    expect(screen.getByTestId("missing-params")).toHaveTextContent(
      "Fill in Change booking dates: Check-in, Check-out to approve.",
    );
    fireEvent.change(checkIn, { target: { value: "2027-06-12" } });
    expect(screen.getByTestId("missing-params")).toHaveTextContent(
      "Fill in Change booking dates: Check-out to approve.",
    );
    fireEvent.change(checkOut, { target: { value: "2027-06-15" } });
    await user.type(guests, "2");
    await user.click(breakfast);
    expect(screen.queryByTestId("missing-params")).not.toBeInTheDocument();
    await user.click(await approveButton());
    await screen.findByTestId("decided-panel");
    expect(decisionOf(api).actions).toContainEqual({
      id: "added-booking_change",
      outcome: "approved",
      params: {
        bookingId: "BK-2210",
        checkIn: "2027-06-12",
        checkOut: "2027-06-15",
        guests: 2,
        breakfast: true,
      },
    });
  });

  it("draws a select for a param with allowed values, and a field for a param not proposed", async () => {
    const { api } = renderSidebar();
    const user = userEvent.setup();
    const item = (await screen.findByRole("checkbox", { name: "Apply Refund order" })).closest(
      "li",
    ) as HTMLElement;
    await user.click(within(item).getByRole("button", { name: "Edit details" }));
    const currency = within(item).getByRole("combobox", { name: "Refund order: Currency" });
    expect(currency).toHaveValue("EUR");
    expect(
      within(currency)
        .getAllByRole("option")
        .map((option) => option.textContent),
    ).toEqual(["Choose…", "EUR", "USD"]);
    await user.selectOptions(currency, "USD");
    const note = within(item).getByRole("textbox", {
      name: "Refund order: Note to the customer",
    });
    expect(note).toHaveValue("");
    await user.type(note, "Sorry again");
    await user.click(await approveButton());
    await screen.findByTestId("decided-panel");
    expect(decisionOf(api).actions).toContainEqual({
      id: "a-refund",
      outcome: "approved",
      params: { orderId: "ORD-550871", amount: 89, currency: "USD", note: "Sorry again" },
    });
  });

  it("offers no action for a promise the policy has nothing for: only edit or keep it", async () => {
    renderSidebar({
      api: createFakeApi({ drafts: [bookingDraft({ backableKinds: ["refund"] })] }),
    });
    const notice = await screen.findByTestId("unbacked-commitments");
    expect(within(notice).queryByRole("button", { name: /^Add action/ })).not.toBeInTheDocument();
    expect(within(notice).getByRole("button", { name: "Edit the sentence" })).toBeEnabled();
    expect(within(notice).getByRole("button", { name: "I'll do it myself" })).toBeEnabled();
  });
});

describe("locked targets and field errors", () => {
  it("shows a target param read-only with a lock; other params stay editable", async () => {
    renderSidebar();
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Edit details" }));
    const order = screen.getByRole("textbox", { name: "Refund order: Order" });
    expect(order).toHaveAttribute("readonly");
    expect(screen.getByTestId("locked-param")).toHaveAttribute("data-param", "orderId");
    expect(screen.getByRole("spinbutton", { name: "Refund order: Amount" })).toBeEnabled();
  });

  it("names the field of a cross-field error next to it, and TARGET_LOCKED in words", async () => {
    const api = createFakeApi();
    api.decisionAnswer = new TandemApiError("BAD_REQUEST", "Invalid params", 400, "req-2", [
      {
        path: "actions.3.params.amount",
        message: "must be at most 80",
        keyword: "maximum",
        params: { limit: 80 },
      },
    ]);
    renderSidebar({ api });
    await userEvent.click(await approveButton());
    // The editor opens on the problem, with the message at the field.
    const amount = await screen.findByRole("spinbutton", { name: "Refund order: Amount" });
    expect(amount).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByText("must be at most 80")).toBeInTheDocument();

    api.decisionAnswer = new TandemApiError("TARGET_LOCKED", "locked", 409, "req-3", [
      { path: "actions.3.params.orderId", message: "is locked", keyword: "targetParams" },
    ]);
    await userEvent.click(await approveButton());
    expect(await screen.findByTestId("decision-error")).toHaveTextContent(
      "What an action targets can't be changed on approval",
    );
  });
});

describe("outcomes: staged is never called applied", () => {
  it("says the changes wait for Submit, then reports them applied once the agent submits", async () => {
    const host = createFakeHost();
    host.stageOn.add("a-status");
    host.stageOn.add("a-priority");
    host.stageOn.add("a-tags");
    const { api } = renderSidebar({ host });
    await userEvent.click(await approveButton());
    expect(await screen.findByTestId("staged-notice")).toHaveTextContent(
      "3 changes set in the form — click Submit to save them.",
    );
    expect(screen.queryByText(/actions applied/)).not.toBeInTheDocument();
    const rows = screen.getAllByTestId("decided-action");
    expect(rows.find((row) => row.dataset.actionId === "a-status")).toHaveAttribute(
      "data-status",
      "staged",
    );
    expect(rows.find((row) => row.dataset.actionId === "a-status")).toHaveTextContent(
      "Set in the form — not saved yet",
    );
    await waitFor(() => expect(api.callsOf("reportOutcomes").length).toBeGreaterThan(0));

    // The agent submits: the ticket now holds the staged values (the sidebar reads them back).
    host.ticket = {
      ...host.ticket,
      status: "pending",
      priority: "high",
      tags: [...host.ticket.tags, "refund"],
    };
    await act(async () => host.fireTicketSaved());
    expect(await screen.findByText("3 actions applied to the ticket.")).toBeInTheDocument();
    expect(screen.queryByTestId("staged-notice")).not.toBeInTheDocument();
  });
});

describe("a decided draft stays decided", () => {
  const decidedDraft = () => {
    const draft = sampleDraft();
    const decision = sampleDecision(draft, {
      idempotencyKey: "k",
      agent: { id: "12", name: "Luis Agent" },
      ticketRevision: draft.ticketRevision,
      reply: { outcome: "edited", body: "Hola Marta, el reembolso está en marcha." },
      actions: [
        { id: "a-status", outcome: "approved" },
        { id: "a-tags", outcome: "approved" },
        { id: "a-priority", outcome: "rejected" },
        { id: "a-refund", outcome: "approved" },
      ],
    });
    decision.actions = decision.actions.map((action) =>
      action.id === "a-status" ? { ...action, hostResult: "staged" as const } : action,
    );
    return sampleDraft({ decision });
  };

  it("opens on who approved what, never as new, with Insert again", async () => {
    const { api, host } = renderSidebar({ api: createFakeApi({ drafts: [decidedDraft()] }) });
    expect(await screen.findByTestId("decided-title")).toHaveTextContent(/^Approved by Luis Agent/);
    expect(screen.queryByRole("button", { name: "Approve & insert" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Insert only" })).not.toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: "Draft reply" })).toHaveValue(
      "Hola Marta, el reembolso está en marcha.",
    );
    // The status was only staged and the reloaded form no longer holds it: never "set in the form".
    expect(screen.queryByTestId("staged-notice")).not.toBeInTheDocument();
    expect(screen.getByTestId("not-in-form-notice")).toHaveTextContent("click Submit");
    const rows = screen.getAllByTestId("decided-action");
    expect(rows.map((row) => row.dataset.actionId)).toEqual([
      "a-status",
      "a-tags",
      "a-priority",
      "a-refund",
    ]);
    expect(rows[2]).toHaveTextContent("Not approved");
    // The decided reply is read-only, and the hint says so (never "Edit freely").
    const reply = screen.getByRole("textbox", { name: "Draft reply" });
    expect(reply).toHaveAttribute("readonly");
    expect(screen.queryByText(/Edit freely/)).not.toBeInTheDocument();
    expect(screen.getByText(/as decided\. It can't be edited any more\./)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Insert again" }));
    await waitFor(() =>
      expect(host.inserted).toEqual(["Hola Marta, el reembolso está en marcha."]),
    );
    expect(api.callsOf("decide")).toHaveLength(0);

    // "Set again" re-applies exactly the approved status and tags (the tags were never reported
    // and the ticket lacks them); the status is staged again (click Submit).
    host.stageOn = new Set(["a-status"]);
    await userEvent.click(screen.getByTestId("set-again"));
    expect(await screen.findByTestId("staged-notice")).toHaveTextContent("click Submit");
    expect(host.applied.at(-1)).toEqual([
      { id: "a-status", type: "set_status", params: { status: "pending" } },
      { id: "a-tags", type: "add_tags", params: { tags: ["refund"] } },
    ]);
    expect(screen.queryByTestId("not-in-form-notice")).not.toBeInTheDocument();
    expect(api.callsOf("decide")).toHaveLength(0);
  });

  it("says there is nothing to answer when the last message is the agent's", async () => {
    renderSidebar({ api: createFakeApi({ drafts: [sampleDraft({ needsReply: false })] }) });
    expect(await screen.findByTestId("no-reply-needed")).toHaveTextContent("Nothing to answer yet");
    expect(screen.queryByRole("button", { name: "Approve & insert" })).not.toBeInTheDocument();
  });
});

describe("stale without loss", () => {
  const newerDraft = sampleDraft({
    id: "33333333-2222-4333-8444-555555555555",
    ticketRevision: "rev-2",
    reply: { body: "Hola Marta, ya te respondo sobre tu nuevo mensaje.", language: "es" },
  });

  async function editThenCustomerWrites() {
    const api = createFakeApi({ drafts: [sampleDraft(), newerDraft] });
    const { host } = renderSidebar({ api });
    const user = userEvent.setup();
    const reply = await screen.findByRole("textbox", { name: "Draft reply" });
    await user.type(reply, " Un saludo.");
    host.addCustomerMessage("¿Alguien? También necesito la factura.");
    await act(async () => host.fireTicketChanged());
    const notice = await screen.findByTestId("newer-ticket");
    return { api, host, user, reply, notice };
  }

  it("keeps the edits, shows the new message, and approves the edited reply after reading it", async () => {
    const { api, user, reply, notice } = await editThenCustomerWrites();
    expect(notice).toHaveTextContent("A new message since this draft");
    expect(within(notice).getByTestId("newer-messages")).toHaveTextContent(
      "¿Alguien? También necesito la factura.",
    );
    expect(reply).toHaveValue(`${sampleDraft().reply.body} Un saludo.`);
    expect(screen.getByRole("button", { name: "Approve & insert" })).toBeDisabled();
    const anyway = within(notice).getByRole("button", { name: "Approve my edited reply anyway" });
    await waitFor(() => expect(anyway).toBeEnabled());
    await user.click(anyway);
    await screen.findByTestId("decided-panel");
    expect(decisionOf(api)).toMatchObject({
      ticketRevision: sampleDraft().ticketRevision,
      seenTicketRevision: "rev-2",
      reply: { outcome: "edited", body: `${sampleDraft().reply.body} Un saludo.` },
    });
  });

  it("asks before discarding the edits for the new draft", async () => {
    const { user, reply, notice } = await editThenCustomerWrites();
    const useNew = within(notice).getByRole("button", { name: "Use the new draft" });
    await waitFor(() => expect(useNew).toBeEnabled());
    await user.click(useNew);
    expect(screen.getByTestId("discard-confirm")).toHaveTextContent(
      "Discard your edits and use the new draft?",
    );
    await user.click(screen.getByRole("button", { name: "Keep my edits" }));
    expect(reply).toHaveValue(`${sampleDraft().reply.body} Un saludo.`);
    await user.click(within(notice).getByRole("button", { name: "Use the new draft" }));
    await user.click(screen.getByRole("button", { name: "Discard my edits" }));
    await waitFor(() =>
      expect(screen.getByRole("textbox", { name: "Draft reply" })).toHaveValue(
        newerDraft.reply.body,
      ),
    );
    expect(screen.queryByTestId("newer-ticket")).not.toBeInTheDocument();
  });
});

describe("the bot request comes first", () => {
  it("expands a pending request at the top with its own primary button; the draft's is secondary", async () => {
    const api = createFakeApi();
    api.approvals = [sampleApproval()];
    renderSidebar({ api });
    const card = await screen.findByTestId("approval-card");
    expect(card).toHaveTextContent("Change booking dates");
    expect(screen.queryByRole("button", { name: "Open" })).not.toBeInTheDocument();
    expect(
      screen.getByText("Decide this request first: the reply below depends on it."),
    ).toBeInTheDocument();
    expect(screen.getByText("A request above is waiting for your decision.")).toBeInTheDocument();
    // The request sits above the draft in reading order.
    const approve = within(card).getByRole("button", { name: "Approve request" });
    const draftApprove = await approveButton();
    expect(approve.compareDocumentPosition(draftApprove)).toBe(Node.DOCUMENT_POSITION_FOLLOWING);
    // Ctrl+Enter never approves the draft while the request waits.
    fireEvent.keyDown(screen.getByRole("textbox", { name: "Draft reply" }), {
      key: "Enter",
      ctrlKey: true,
    });
    await act(async () => {});
    expect(api.callsOf("decide")).toHaveLength(0);
  });

  it("shows the booking read-only and asks for a reason before rejecting the request", async () => {
    const api = createFakeApi();
    api.approvals = [sampleApproval()];
    renderSidebar({ api });
    const user = userEvent.setup();
    const card = await screen.findByTestId("approval-card");
    await user.click(within(card).getByRole("button", { name: "Edit details" }));
    expect(
      within(card).getByRole("textbox", { name: "Change booking dates: Booking" }),
    ).toHaveAttribute("readonly");
    expect(
      within(card).getByRole("textbox", { name: "Change booking dates: Check-in" }),
    ).not.toHaveAttribute("readonly");

    await user.click(within(card).getByRole("button", { name: "Reject request" }));
    const form = within(card).getByTestId("reject-form");
    expect(form).toHaveTextContent("Why reject this request?");
    const confirm = within(form).getByRole("button", { name: "Reject request" });
    expect(confirm).toBeDisabled();
    await user.click(within(form).getByRole("radio", { name: "Wrong facts" }));
    await user.type(within(form).getByRole("textbox", { name: "Note (optional)" }), "Other guest");
    await user.click(confirm);
    await waitFor(() => expect(api.callsOf("decideApproval")).toHaveLength(1));
    expect(api.callsOf("decideApproval")[0]?.[1]).toMatchObject({
      outcome: "rejected",
      reason: { code: "wrong_facts", note: "Other guest" },
    });
    expect(await within(card).findByText("Rejected")).toBeInTheDocument();
  });
});
