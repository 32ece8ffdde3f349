import { createTandemApi, isTandemApiError } from "@tandem/sidebar";
import {
  sampleApproval,
  sampleDraft,
  sampleExecution,
  sampleTicket,
} from "@tandem/sidebar/testing";
import { describe, expect, it } from "vitest";
import requestsJson from "../../config/requests.json";
import { createFakeFwClient, json } from "../test/fake-fw-client";
import { allTemplateNames, routeCall } from "./templates";
import { createTemplateTransport } from "./transport";

const requests = requestsJson as Record<
  string,
  { schema: { method: string; path: string; query?: Record<string, string> } }
>;

const agent = { id: "77", name: "Ana Agent" };
const fixedNow = () => new Date("2025-03-31T12:00:00Z");

function setup() {
  const client = createFakeFwClient();
  const api = createTandemApi(createTemplateTransport(client, fixedNow));
  return { client, api };
}

describe("request-template transport", () => {
  it("maps every API call to its template, ids in the context and bodies as JSON", async () => {
    const { client, api } = setup();
    const draft = sampleDraft();
    const approval = sampleApproval();
    const execution = sampleExecution({ status: "failed" });
    client.templates = {
      tandemCreateDraft: () => json(200, draft),
      tandemGetTicketDraft: () => json(200, draft),
      tandemMarkDraftShown: () => ({ status: 204, response: "" }),
      tandemRecordSent: () => ({ status: 204, response: "" }),
      tandemListTicketApprovals: () => json(200, { approvals: [approval] }),
      tandemDecideApproval: () => json(200, { ...approval, status: "approved" }),
      tandemGetExecution: () => json(200, execution),
      tandemRetryExecution: () => json(202, { ...execution, status: "pending" }),
    };
    const ticket = sampleTicket({ platform: "freshdesk" });
    await api.createDraft({ ticket, agent });
    await api.getLatestDraft("4242");
    await api.markShown(draft.id, agent);
    await api.reportSent(draft.id, "Sent text");
    await api.listApprovals("4242");
    await api.decideApproval("ap-1", {
      idempotencyKey: "key-12345678",
      agent,
      outcome: "approved",
    });
    await api.getExecution(execution.id);
    await api.retryExecution(execution.id);
    expect(client.invoked).toEqual([
      {
        name: "tandemCreateDraft",
        options: { context: {}, body: JSON.stringify({ ticket, agent }) },
      },
      { name: "tandemGetTicketDraft", options: { context: { ticket_id: "4242" } } },
      {
        name: "tandemMarkDraftShown",
        options: { context: { draft_id: draft.id }, body: JSON.stringify({ agent }) },
      },
      {
        name: "tandemRecordSent",
        options: { context: { draft_id: draft.id }, body: '{"body":"Sent text"}' },
      },
      { name: "tandemListTicketApprovals", options: { context: { ticket_id: "4242" } } },
      {
        name: "tandemDecideApproval",
        options: {
          context: { approval_id: "ap-1" },
          body: JSON.stringify({ idempotencyKey: "key-12345678", agent, outcome: "approved" }),
        },
      },
      { name: "tandemGetExecution", options: { context: { execution_id: execution.id } } },
      { name: "tandemRetryExecution", options: { context: { execution_id: execution.id } } },
    ]);
  });

  it("fills every analytics query key, since a template renders them all", async () => {
    const { client, api } = setup();
    client.templates.tandemAnalyticsSummary = () => json(500, {});
    await api.analyticsSummary({ from: "2025-03-01" }).catch(() => undefined);
    expect(client.invoked[0]).toEqual({
      name: "tandemAnalyticsSummary",
      options: {
        context: { from: "2025-03-01", to: "2025-03-31", platform: "freshdesk", groupBy: "day" },
      },
    });
  });

  it("routes each template with the method and placeholders config/requests.json declares", () => {
    const samples: Record<string, [string, string]> = {
      tandemWhoAmI: ["GET", "/v1/installation"],
      tandemCreateDraft: ["POST", "/v1/drafts"],
      tandemGetTicketDraft: ["GET", "/v1/tickets/42/draft"],
      tandemMarkDraftShown: ["POST", "/v1/drafts/d1/shown"],
      tandemRecordDecision: ["POST", "/v1/drafts/d1/decision"],
      tandemRecordSent: ["POST", "/v1/drafts/d1/sent"],
      tandemReportOutcomes: ["POST", "/v1/drafts/d1/outcomes"],
      tandemAddDraftAction: ["POST", "/v1/drafts/d1/actions"],
      tandemListTicketApprovals: ["GET", "/v1/tickets/42/approvals"],
      tandemDecideApproval: ["POST", "/v1/approvals/a1/decision"],
      tandemGetExecution: ["GET", "/v1/executions/e1"],
      tandemRetryExecution: ["POST", "/v1/executions/e1/retry"],
      tandemAnalyticsSummary: ["GET", "/v1/analytics/summary?groupBy=intent"],
    };
    for (const name of allTemplateNames.filter((template) => template.startsWith("tandem"))) {
      const sample = samples[name];
      expect(sample, name).toBeDefined();
      const [method, path] = sample as [string, string];
      const routed = routeCall(method, path, fixedNow());
      expect(routed?.template).toBe(name);
      const schema = requests[name]?.schema;
      expect(schema?.method).toBe(method);
      const declared = `${schema?.path} ${JSON.stringify(schema?.query ?? {})}`;
      for (const key of Object.keys(routed?.context ?? {})) {
        expect(declared, `${name} uses context.${key}`).toContain(`context.${key} `);
      }
    }
    expect(routeCall("DELETE", "/v1/drafts")).toBeNull();
  });

  it("turns error answers into typed errors the sidebar branches on", async () => {
    const { client, api } = setup();
    client.templates.tandemRecordDecision = () =>
      json(409, { error: { code: "STALE_DRAFT", message: "changed", requestId: "req-1" } });
    const error = await api
      .decide("d1", {
        idempotencyKey: "key-12345678",
        agent,
        ticketRevision: "r1",
        reply: { outcome: "accepted" },
        actions: [],
      })
      .catch((caught: unknown) => caught);
    expect(isTandemApiError(error) && error.code).toBe("STALE_DRAFT");

    client.templates.tandemGetTicketDraft = () =>
      json(404, { error: { code: "NOT_FOUND", message: "none", requestId: "r" } });
    await expect(api.getLatestDraft("42")).resolves.toBeNull();

    client.templates.tandemWhoAmI = () => ({ status: 401, response: "Unauthorized" });
    await expect(api.whoAmI()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("reports an unreachable server when the platform gets no answer", async () => {
    const { client, api } = setup();
    client.templates.tandemWhoAmI = () => ({ status: 0, response: undefined });
    await expect(api.whoAmI()).rejects.toMatchObject({ code: "UNREACHABLE" });
    client.templates.tandemWhoAmI = () => ({
      status: 504,
      errorSource: "PLATFORM",
      message: "Timeout",
    });
    await expect(api.whoAmI()).rejects.toMatchObject({ code: "UNREACHABLE" });
    client.templates.tandemWhoAmI = () => ({
      status: 429,
      errorSource: "PLATFORM",
      message: "Rate limited",
    });
    await expect(api.whoAmI()).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });

  it("refuses ids that could escape their path segment", async () => {
    const { client, api } = setup();
    await expect(api.getLatestDraft("../admin")).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(api.getLatestDraft("a b")).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(client.invoked).toEqual([]);
  });
});
