import { flush } from "@tandem/sidebar/testing";
import { afterEach, describe, expect, it } from "vitest";
import { startAnalyticsPage } from "./full-page-app";
import { createFakeFwClient, json } from "./test/fake-fw-client";

const metrics = {
  drafts: 10,
  shown: 9,
  decided: 8,
  unchanged: 4,
  lightlyEdited: 2,
  rewritten: 1,
  rejected: 1,
  acceptanceRate: 0.75,
  editRate: 3 / 7,
  meanEditDistance: 0.12,
  medianEditDistance: 0.05,
  timeToDecisionP50Ms: 42_000,
  timeToDecisionP90Ms: 120_000,
  offlineShare: 0.1,
  inputTokensPerDraft: 900,
  outputTokensPerDraft: 200,
  estimatedCostPerDraftUsd: 0.0004,
  actions: {
    proposed: 5,
    approved: 3,
    rejected: 1,
    editedParams: 1,
    appliedByPolicy: 1,
    applied: 1,
    staged: 1,
    applyFailed: 0,
    executed: 3,
    failed: 0,
  },
  rejectionReasons: { wrong_tone: 1 },
};

function summary(groupBy: string) {
  return {
    from: "2025-03-02",
    to: "2025-03-31",
    totals: metrics,
    groupBy,
    groups: [{ key: groupBy === "day" ? "2025-03-30" : "refund_request", metrics }],
    estimatedTimeSaved: { minutes: 12, assumption: "40 words per minute for characters kept" },
  };
}

let container: HTMLElement;
afterEach(() => container?.remove());

function mount(client: ReturnType<typeof createFakeFwClient>) {
  container = document.createElement("div");
  document.body.append(container);
  return startAnalyticsPage(client, container);
}

describe("full-page analytics", () => {
  it("loads the shared dashboard through the analytics request template", async () => {
    const client = createFakeFwClient();
    client.templates.tandemAnalyticsSummary = ({ context }) =>
      json(200, summary(String(context?.groupBy)));
    const dashboard = mount(client);
    await flush(20);
    const calls = client.invoked.filter((call) => call.name === "tandemAnalyticsSummary");
    expect(calls.map((call) => call.options.context?.groupBy).sort()).toEqual([
      "actionType",
      "agent",
      "day",
      "intent",
    ]);
    for (const call of calls) {
      expect(call.options.context).toMatchObject({ platform: "freshdesk" });
      expect(call.options.context?.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(container.textContent).toContain("Tandem analytics");
    expect(container.querySelector("select")).toBeNull();
    dashboard.destroy();
  });

  it("tells the agent when analytics cannot be loaded", async () => {
    const client = createFakeFwClient();
    client.templates.tandemAnalyticsSummary = () => ({ status: 0 });
    mount(client);
    await flush(20);
    expect(client.triggered).toContainEqual({
      method: "showNotify",
      options: {
        type: "danger",
        message: "Tandem analytics: the server did not answer. Try Refresh.",
      },
    });
  });
});
