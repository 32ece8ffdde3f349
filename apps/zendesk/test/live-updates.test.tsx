import type { ApprovalDecisionRequest } from "@tandem/shared";
import {
  createFakeApi,
  flush,
  sampleApproval,
  sampleDecision,
  sampleExecution,
} from "@tandem/sidebar/testing";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderSidebar } from "./render-sidebar";

const approveButton = () => screen.findByRole("button", { name: "Approve & insert" });

/** Moves the polling clock on and lets the answers render. */
async function advance(timers: ReturnType<typeof renderSidebar>["timers"], ms: number) {
  await act(async () => {
    timers.advance(ms);
    await flush();
  });
}

describe("approval requests while the ticket is open", () => {
  it("polls, shows a badge and notifies Zendesk when a request arrives", async () => {
    const api = createFakeApi();
    const { host, timers } = renderSidebar({ api });
    await approveButton();
    expect(screen.queryByText(/approval request/)).not.toBeInTheDocument();

    api.approvals = [sampleApproval()];
    await advance(timers, 15_000);
    expect(await screen.findByText("1 approval request from Trip bot")).toBeInTheDocument();
    expect(host.notifications).toContainEqual({
      message: "Tandem: 1 new approval request from Trip bot",
      kind: "info",
    });
    // A pending request is expanded at the top at once: on screen, so nothing stays "new".
    expect(screen.getByTestId("approval-card")).toHaveTextContent("Change booking dates");
    expect(screen.queryByRole("button", { name: "Open" })).not.toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText("1 new")).not.toBeInTheDocument());

    // Decided elsewhere: it leaves the list at the next poll.
    api.approvals = [];
    await advance(timers, 15_000);
    await waitFor(() =>
      expect(screen.queryByText("1 approval request from Trip bot")).not.toBeInTheDocument(),
    );
  });

  it("approves with edited params and a comment, then follows the business action", async () => {
    const api = createFakeApi();
    api.approvals = [sampleApproval()];
    const execution = sampleExecution({
      id: "9b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d",
      actionId: "ap-1",
      type: "change_booking_dates",
    });
    api.approvalExecutions["ap-1"] = execution;
    api.executions[execution.id] = [
      { ...execution, status: "failed", attempts: 5, lastError: "Hotel API 503" },
    ];
    const { timers } = renderSidebar({ api });
    const user = userEvent.setup();
    const list = await screen.findByRole("list", { name: "Approval requests" });
    await user.click(within(list).getByRole("button", { name: "Edit details" }));
    const checkIn = within(list).getByRole("textbox", { name: "Change booking dates: Check-in" });
    await user.clear(checkIn);
    await user.type(checkIn, "2025-02-04");
    expect(list).toHaveTextContent("2025-02-01 → 2025-02-04");
    await user.type(
      within(list).getByRole("textbox", { name: "Comment (optional)" }),
      "No overlap",
    );
    await user.click(within(list).getByRole("button", { name: "Approve request" }));
    const [, request] = api.callsOf("decideApproval")[0] as [string, ApprovalDecisionRequest];
    expect(request).toMatchObject({
      outcome: "approved",
      comment: "No overlap",
      params: { bookingId: "BK-7", checkIn: "2025-02-04" },
    });
    expect(await within(list).findByText("Change booking dates: Queued")).toBeInTheDocument();

    await advance(timers, 1_000);
    expect(await within(list).findByText("Change booking dates: Failed")).toBeInTheDocument();
    expect(within(list).getByText("Hotel API 503")).toBeInTheDocument();
    api.executions[execution.id] = [{ ...execution, status: "succeeded", attempts: 6 }];
    await user.click(within(list).getByRole("button", { name: "Retry Change booking dates" }));
    expect(api.callsOf("retryExecution")).toEqual([[execution.id]]);
    await advance(timers, 1_000);
    expect(await within(list).findByText("Change booking dates: Done")).toBeInTheDocument();
  });

  it("rejects a request with a reason and a comment", async () => {
    const api = createFakeApi();
    api.approvals = [sampleApproval()];
    renderSidebar({ api });
    const user = userEvent.setup();
    const list = await screen.findByRole("list", { name: "Approval requests" });
    await user.type(
      within(list).getByRole("textbox", { name: "Comment (optional)" }),
      "Overlaps another stay",
    );
    await user.click(within(list).getByRole("button", { name: "Reject request" }));
    // The reason comes first, as for a draft.
    expect(api.callsOf("decideApproval")).toHaveLength(0);
    const form = within(list).getByTestId("reject-form");
    await user.click(within(form).getByRole("radio", { name: "Against our policy" }));
    await user.click(within(form).getByRole("button", { name: "Reject request" }));
    expect(await within(list).findByText("Rejected")).toBeInTheDocument();
    const [, request] = api.callsOf("decideApproval")[0] as [string, ApprovalDecisionRequest];
    expect(request).toMatchObject({
      outcome: "rejected",
      comment: "Overlaps another stay",
      reason: { code: "policy" },
    });
    expect(request).not.toHaveProperty("params");
    expect(screen.getByText("No pending approval requests")).toBeInTheDocument();
  });
});

describe("business-action executions after a decision", () => {
  it("shows a pending execution until it succeeds", async () => {
    const api = createFakeApi();
    const execution = sampleExecution();
    api.decisionAnswer = (draft, request) =>
      sampleDecision(draft, request, { executions: [execution] });
    api.executions[execution.id] = [
      { ...execution, status: "running", attempts: 1 },
      { ...execution, status: "succeeded", attempts: 1 },
    ];
    const { host, timers } = renderSidebar({ api });
    await userEvent.click(await approveButton());
    expect(await screen.findByText("Refund order: Queued")).toBeInTheDocument();
    await advance(timers, 1_000);
    expect(await screen.findByText("Refund order: Running")).toBeInTheDocument();
    await advance(timers, 2_000);
    expect(await screen.findByText("Refund order: Done")).toBeInTheDocument();
    expect(host.notifications).toContainEqual({
      message: "Tandem: Refund order done.",
      kind: "success",
    });
  });

  it("offers Retry for a failed execution and follows the new run", async () => {
    const api = createFakeApi();
    const execution = sampleExecution();
    api.decisionAnswer = (draft, request) =>
      sampleDecision(draft, request, { executions: [execution] });
    api.executions[execution.id] = [
      { ...execution, status: "failed", attempts: 5, lastError: "Shop API returned 500" },
    ];
    const { timers } = renderSidebar({ api });
    const user = userEvent.setup();
    await user.click(await approveButton());
    await advance(timers, 1_000);
    expect(await screen.findByText("Refund order: Failed")).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("Some actions failed");
    api.executions[execution.id] = [{ ...execution, status: "succeeded", attempts: 6 }];
    await user.click(screen.getByRole("button", { name: "Retry Refund order" }));
    expect(await screen.findByText("Refund order: Queued")).toBeInTheDocument();
    expect(screen.queryByText("Some actions failed")).not.toBeInTheDocument();
    await advance(timers, 1_000);
    expect(await screen.findByText("Refund order: Done")).toBeInTheDocument();
  });
});
