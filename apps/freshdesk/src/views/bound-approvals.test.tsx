import type { DecisionRequestInput, Draft } from "@tandem/shared";
import { createReviewController, createTranslator, TandemApiError } from "@tandem/sidebar";
import {
  createFakeApi,
  createFakeHost,
  createManualTimers,
  type FakeApi,
  type FakeHost,
  flush,
  sampleActions,
  sampleApproval,
  sampleDecision,
  sampleDraft,
  sampleTicket,
} from "@tandem/sidebar/testing";
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Sidebar } from "./sidebar";

async function mount(setup: { api?: FakeApi; host?: FakeHost } = {}) {
  const api = setup.api ?? createFakeApi();
  const host = setup.host ?? createFakeHost({ ticket: sampleTicket({ platform: "freshdesk" }) });
  // As the app creates it: Freshdesk's words where they differ ("click Update").
  const t = createTranslator("en", { vocabulary: "freshdesk" });
  let key = 0;
  const controller = createReviewController({
    api,
    host,
    t,
    newKey: () => `key-${++key}`,
    timers: createManualTimers(),
  });
  render(<Sidebar controller={controller} host={host} t={t} />);
  await act(async () => {
    await controller.start();
    await flush();
  });
  return { api, host, controller };
}

const click = async (element: HTMLElement) => {
  await act(async () => {
    fireEvent.click(element);
    await flush();
  });
};
const decisionOf = (api: FakeApi, index = 0) =>
  api.callsOf("decide")[index]?.[1] as DecisionRequestInput;
const approveButton = () => screen.getByRole("button", { name: "Approve & insert" });

const PROMISE = "I have issued a full refund for ORD-550871.";
/** An English draft whose reply promises a refund; without the refund action it is unbacked. */
const refundDraft = (overrides: Partial<Draft> = {}) =>
  sampleDraft({
    reply: { body: `Hi Marta, sorry about the broken parcel. ${PROMISE}`, language: "en" },
    actions: sampleActions.filter((action) => action.kind === "field"),
    ...overrides,
  });

describe("Freshdesk sidebar: an unbacked promise", () => {
  it("blocks one-click approval and offers the action that backs it", async () => {
    const { api } = await mount({ api: createFakeApi({ drafts: [refundDraft()] }) });
    const notice = screen.getByTestId("unbacked-commitments");
    expect(notice).toHaveTextContent("This reply promises something no action does");
    expect(notice).toHaveTextContent(`“${PROMISE}”`);
    expect(approveButton()).toBeDisabled();
    expect(screen.getByRole("button", { name: "Insert only" })).toBeDisabled();
    await act(async () => {
      fireEvent.keyDown(screen.getByRole("textbox", { name: "Draft reply" }), {
        key: "Enter",
        ctrlKey: true,
      });
      await flush();
    });
    expect(api.callsOf("decide")).toHaveLength(0);

    await click(within(notice).getByRole("button", { name: "Add action: Refund" }));
    expect(screen.queryByTestId("unbacked-commitments")).not.toBeInTheDocument();
    const row = screen
      .getByRole("checkbox", { name: "Apply Refund order" })
      .closest("li") as HTMLElement;
    expect(row).toHaveTextContent("added by you");
    const order = within(row).getByLabelText("Refund order: Order");
    expect(order).toHaveAttribute("readonly");
    expect(row).toHaveTextContent("Can't be changed: it names what the action changes.");
    fireEvent.change(within(row).getByLabelText("Refund order: Amount"), {
      target: { value: "40" },
    });
    await click(approveButton());
    expect(decisionOf(api).actions).toContainEqual({
      id: "added-refund",
      outcome: "approved",
      params: { orderId: "ORD-550871", amount: 40, currency: "EUR" },
    });
  });

  it("selects the sentence for editing, and typing it away unblocks", async () => {
    await mount({ api: createFakeApi({ drafts: [refundDraft()] }) });
    await click(screen.getByRole("button", { name: "Edit the sentence" }));
    const reply = screen.getByRole("textbox", { name: "Draft reply" }) as HTMLTextAreaElement;
    expect(reply).toHaveFocus();
    expect(reply.value.slice(reply.selectionStart, reply.selectionEnd)).toBe(PROMISE);
    await act(async () => {
      fireEvent.change(reply, {
        target: { value: "Hi Marta, sorry about the broken parcel. Could you send a photo?" },
      });
      await flush();
    });
    expect(screen.queryByTestId("unbacked-commitments")).not.toBeInTheDocument();
    expect(approveButton()).toBeEnabled();
  });

  it("asks before the agent keeps the promise themselves, and records it", async () => {
    const { api } = await mount({ api: createFakeApi({ drafts: [refundDraft()] }) });
    await click(screen.getByRole("button", { name: "I'll do it myself" }));
    expect(approveButton()).toBeDisabled();
    await click(screen.getByRole("button", { name: "Send as written — I confirm" }));
    expect(screen.getByTestId("commitments-acknowledged")).toBeInTheDocument();
    await click(approveButton());
    expect(decisionOf(api).acknowledgeCommitments).toBe(true);
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

const change = async (element: HTMLElement, value: string) => {
  await act(async () => {
    fireEvent.change(element, { target: { value } });
    await flush();
  });
};

describe("Freshdesk sidebar: a field for every param the policy declares", () => {
  it("draws the dates the ticket left out, waits for them, then approves with them", async () => {
    const { api } = await mount({ api: createFakeApi({ drafts: [bookingDraft()] }) });
    await click(screen.getByRole("button", { name: "Add action: Booking change" }));
    const row = screen
      .getByRole("checkbox", { name: "Apply Change booking dates" })
      .closest("li") as HTMLElement;
    // The target: visibly read-only (a grey field with a lock), still focusable and named.
    const locked = within(row).getByTestId("locked-param");
    expect(locked).toHaveAttribute("data-param", "bookingId");
    const booking = within(row).getByRole("textbox", { name: "Change booking dates: Booking" });
    expect(booking).toHaveAttribute("readonly");
    expect(booking).not.toBeDisabled();
    expect(booking).toHaveValue("BK-2210");
    expect(booking).toHaveAccessibleDescription(
      "Can't be changed: it names what the action changes.",
    );
    expect(booking.closest(".td-readonly")).not.toBeNull();
    expect(within(locked).getByText("Booking")).toBeInTheDocument();

    const checkIn = within(row).getByLabelText("Change booking dates: Check-in");
    const checkOut = within(row).getByLabelText("Change booking dates: Check-out");
    for (const date of [checkIn, checkOut]) {
      expect(date).toHaveAttribute("type", "date");
      expect(date).toHaveValue("");
      expect(date).toBeRequired();
    }
    const guests = within(row).getByLabelText("Change booking dates: Guests");
    expect(guests).toHaveAttribute("type", "number");
    expect(guests).toHaveAttribute("min", "1");
    expect(guests).toHaveAttribute("step", "1");
    const breakfast = within(row).getByRole("checkbox", {
      name: "Change booking dates: Breakfast",
    });

    expect(screen.queryByTestId("unbacked-commitments")).not.toBeInTheDocument();
    expect(approveButton()).toBeDisabled();
    expect(screen.getByRole("button", { name: "Insert only" })).toBeDisabled();
    expect(screen.getByTestId("missing-params")).toHaveTextContent(
      "Fill in Change booking dates: Check-in, Check-out to approve.",
    );
    await change(checkIn, "2027-06-12");
    await change(checkOut, "2027-06-15");
    await change(guests, "2");
    await click(breakfast);
    expect(screen.queryByTestId("missing-params")).not.toBeInTheDocument();
    await click(approveButton());
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
    const { api } = await mount();
    const row = screen
      .getByRole("checkbox", { name: "Apply Refund order" })
      .closest("li") as HTMLElement;
    await click(within(row).getByRole("button", { name: "Edit details" }));
    const currency = within(row).getByRole("combobox", { name: "Refund order: Currency" });
    expect(currency).toHaveValue("EUR");
    expect(currency).toBeRequired();
    expect(
      within(currency)
        .getAllByRole("option")
        .map((option) => option.textContent),
    ).toEqual(["Choose…", "EUR", "USD"]);
    await change(currency, "USD");
    const note = within(row).getByLabelText("Refund order: Note to the customer");
    expect(note).toHaveValue("");
    await change(note, "Sorry again");
    // Emptying a required one holds approval until it is given again.
    await change(currency, "");
    expect(approveButton()).toBeDisabled();
    expect(screen.getByTestId("missing-params")).toHaveTextContent(
      "Fill in Refund order: Currency to approve.",
    );
    await change(currency, "USD");
    await click(approveButton());
    expect(decisionOf(api).actions).toContainEqual({
      id: "a-refund",
      outcome: "approved",
      params: { orderId: "ORD-550871", amount: 89, currency: "USD", note: "Sorry again" },
    });
  });

  it("offers no action for a promise the policy has nothing for: only edit or keep it", async () => {
    await mount({ api: createFakeApi({ drafts: [bookingDraft({ backableKinds: ["refund"] })] }) });
    const notice = screen.getByTestId("unbacked-commitments");
    expect(within(notice).queryByRole("button", { name: /^Add action/ })).not.toBeInTheDocument();
    expect(within(notice).getByRole("button", { name: "Edit the sentence" })).toBeEnabled();
    expect(within(notice).getByRole("button", { name: "I'll do it myself" })).toBeEnabled();
  });
});

describe("Freshdesk sidebar: outcomes and the decided state", () => {
  it("never says applied for what only sits in the properties form; Update confirms it", async () => {
    const host = createFakeHost({ ticket: sampleTicket({ platform: "freshdesk" }) });
    host.stageOn.add("a-status");
    host.stageOn.add("a-priority");
    host.stageOn.add("a-tags");
    const { api } = await mount({ host });
    await click(approveButton());
    expect(screen.getByTestId("staged-notice")).toHaveTextContent(
      "3 changes set in the ticket properties — click Update to save them.",
    );
    expect(screen.queryByText(/actions applied/)).not.toBeInTheDocument();
    const status = screen
      .getAllByTestId("decided-action")
      .find((row) => row.dataset.actionId === "a-status");
    expect(status).toHaveAttribute("data-status", "staged");
    expect(api.callsOf("reportOutcomes")[0]?.[1]).toMatchObject({
      actions: expect.arrayContaining([{ id: "a-status", result: "staged" }]),
    });

    // The agent submits: the ticket now holds the staged values (the sidebar reads them back).
    host.ticket = {
      ...host.ticket,
      status: "pending",
      priority: "high",
      tags: [...host.ticket.tags, "refund"],
    };
    await act(async () => {
      host.fireTicketSaved();
      await flush();
    });
    expect(screen.getByText("3 actions applied to the ticket.")).toBeInTheDocument();
    expect(screen.queryByTestId("staged-notice")).not.toBeInTheDocument();
  });

  it("opens a decided draft on its decision: who, the approved reply, results, Insert again", async () => {
    const draft = sampleDraft();
    const decision = sampleDecision(draft, {
      idempotencyKey: "k",
      agent: { id: "12", name: "Luis Agent" },
      ticketRevision: draft.ticketRevision,
      reply: { outcome: "edited", body: "Hola Marta, lo revisamos hoy." },
      actions: [
        { id: "a-status", outcome: "approved" },
        { id: "a-tags", outcome: "rejected" },
      ],
    });
    const { api, host } = await mount({
      api: createFakeApi({ drafts: [sampleDraft({ decision })] }),
    });
    expect(screen.getByTestId("decided-title")).toHaveTextContent(/^Approved by Luis Agent/);
    expect(screen.getByTestId("decided-reply")).toHaveTextContent("Hola Marta, lo revisamos hoy.");
    expect(screen.queryByRole("button", { name: "Approve & insert" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "New draft" })).not.toBeInTheDocument();
    await click(screen.getByRole("button", { name: "Insert again" }));
    expect(host.inserted).toEqual(["Hola Marta, lo revisamos hoy."]);
    expect(api.callsOf("decide")).toHaveLength(0);

    // The approved status never reached the server as saved and the reopened page's properties
    // don't hold it: said plainly, never "set", and "Set again" re-applies what was approved.
    expect(screen.queryByTestId("staged-notice")).not.toBeInTheDocument();
    expect(screen.getByTestId("not-in-form-notice")).toHaveTextContent("click Update");
    host.stageOn = new Set(["a-status"]);
    await click(screen.getByTestId("set-again"));
    expect(host.applied.at(-1)).toEqual([
      { id: "a-status", type: "set_status", params: { status: "pending" } },
    ]);
    expect(screen.queryByTestId("not-in-form-notice")).not.toBeInTheDocument();
    expect(screen.getByTestId("staged-notice")).toHaveTextContent("click Update");
    expect(api.callsOf("decide")).toHaveLength(0);
  });

  it("says there is nothing to answer when the last message is the agent's", async () => {
    await mount({ api: createFakeApi({ drafts: [sampleDraft({ needsReply: false })] }) });
    expect(screen.getByTestId("no-reply-needed")).toHaveTextContent("Nothing to answer yet");
    expect(screen.queryByRole("button", { name: "Approve & insert" })).not.toBeInTheDocument();
  });

  it("shows TARGET_LOCKED and a cross-field error naming the field", async () => {
    const api = createFakeApi();
    api.decisionAnswer = new TandemApiError("BAD_REQUEST", "Invalid params", 400, "r", [
      {
        path: "actions.3.params.amount",
        message: "must be at most 80",
        keyword: "maximum",
        params: { limit: 80 },
      },
    ]);
    await mount({ api });
    await click(approveButton());
    const amount = screen.getByLabelText("Refund order: Amount");
    expect(amount).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByText("must be at most 80")).toBeInTheDocument();

    api.decisionAnswer = new TandemApiError("TARGET_LOCKED", "locked", 409);
    await click(approveButton());
    expect(screen.getByTestId("decision-error")).toHaveTextContent(
      "What an action targets can't be changed on approval",
    );
  });
});

describe("Freshdesk sidebar: stale without loss", () => {
  it("keeps the edits, shows the new message, approves after reading it or asks before discarding", async () => {
    const newer = sampleDraft({
      id: "33333333-2222-4333-8444-555555555555",
      ticketRevision: "rev-2",
      reply: { body: "Hola Marta, te respondo sobre la factura.", language: "es" },
    });
    const api = createFakeApi({ drafts: [sampleDraft(), newer] });
    const host = createFakeHost();
    await mount({ api, host });
    fireEvent.change(screen.getByRole("textbox", { name: "Draft reply" }), {
      target: { value: "Hola Marta, lo miro ahora." },
    });
    host.addCustomerMessage("¿Y la factura?");
    await act(async () => {
      host.fireTicketChanged(["conversation"]);
      await flush();
    });
    const notice = screen.getByTestId("newer-ticket");
    expect(notice).toHaveTextContent("A new message since this draft");
    expect(notice).toHaveTextContent("¿Y la factura?");
    expect(screen.getByRole("textbox", { name: "Draft reply" })).toHaveValue(
      "Hola Marta, lo miro ahora.",
    );
    expect(approveButton()).toBeDisabled();

    await click(within(notice).getByRole("button", { name: "Use the new draft" }));
    expect(screen.getByTestId("discard-confirm")).toHaveTextContent("Discard your edits");
    await click(screen.getByRole("button", { name: "Keep my edits" }));
    expect(screen.getByRole("textbox", { name: "Draft reply" })).toHaveValue(
      "Hola Marta, lo miro ahora.",
    );

    await click(within(notice).getByRole("button", { name: "Approve my edited reply anyway" }));
    expect(decisionOf(api)).toMatchObject({
      seenTicketRevision: "rev-2",
      reply: { outcome: "edited", body: "Hola Marta, lo miro ahora." },
    });
  });
});

describe("Freshdesk sidebar: the bot request comes first", () => {
  it("is expanded at the top with the primary button; the draft's approve is secondary", async () => {
    const api = createFakeApi();
    api.approvals = [sampleApproval()];
    await mount({ api });
    const card = screen.getByTestId("approval-card");
    expect(within(card).getByRole("button", { name: "Approve request" })).toHaveAttribute(
      "data-color",
      "primary",
    );
    expect(approveButton()).toHaveAttribute("data-color", "secondary");
    expect(screen.getByText("A request above is waiting for your decision.")).toBeInTheDocument();
    expect(
      card.compareDocumentPosition(approveButton()) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
  });

  it("shows the booking read-only and asks for a reason before rejecting", async () => {
    const api = createFakeApi();
    api.approvals = [sampleApproval()];
    await mount({ api });
    const card = screen.getByTestId("approval-card");
    await click(within(card).getByRole("button", { name: "Edit details" }));
    expect(within(card).getByLabelText("Change booking dates: Booking")).toHaveAttribute(
      "readonly",
    );
    expect(within(card).getByLabelText("Change booking dates: Check-in")).not.toHaveAttribute(
      "readonly",
    );
    await click(within(card).getByRole("button", { name: "Reject request" }));
    const form = within(card).getByTestId("reject-form");
    expect(form).toHaveTextContent("Why reject this request?");
    const confirm = within(form).getByRole("button", { name: "Reject request" });
    expect(confirm).toBeDisabled();
    await click(within(form).getByRole("radio", { name: "Wrong facts" }));
    await click(confirm);
    expect(api.callsOf("decideApproval")[0]?.[1]).toMatchObject({
      outcome: "rejected",
      reason: { code: "wrong_facts" },
    });
  });
});
