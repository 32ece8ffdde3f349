import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApprovalClient } from "@tandem/approvals-client";
import { VERSION } from "@tandem/server/config";
import { sha256 } from "@tandem/server/crypto";
import { type RunningServer, startServer } from "@tandem/server/server";
import { type FakeOpenAI, startFakeOpenAI } from "@tandem/server/testing";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBookingAgent } from "./booking-agent";

const ADMIN = "sdk-example-admin-token-01";
let server: RunningServer;
let model: FakeOpenAI;
let bookingSystem: Server;
let bookingCalls: Record<string, unknown>[] = [];
let appToken: string;
let botToken: string;
const dataDir = mkdtempSync(join(tmpdir(), "tandem-sdk-"));

async function api(method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  bookingSystem = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => {
      raw += c;
    });
    req.on("end", () => {
      bookingCalls.push(JSON.parse(raw));
      res.writeHead(200, { "content-type": "application/json" }).end('{"confirmation":"HNL-2231"}');
    });
  });
  await new Promise<void>((resolve) => bookingSystem.listen(0, "127.0.0.1", resolve));
  model = await startFakeOpenAI();
  server = await startServer(
    {
      port: 0,
      host: "127.0.0.1",
      dataDir,
      adminTokenHash: sha256(ADMIN),
      openai: { model: "gpt-4o-mini" },
      publicUrl: "http://127.0.0.1",
      secretKey: randomBytes(32),
      logLevel: "silent",
      corsOrigins: [],
      version: VERSION,
    },
    { workers: { actionExecutor: { settings: { retryDelaySeconds: 1 } } } },
  );
  const created = await api("POST", "/v1/admin/installations", ADMIN, {
    platform: "zendesk",
    subdomain: "hawaii-trips",
  });
  appToken = created.body.appToken as string;
  const adminToken = created.body.adminToken as string;
  const policy = await api("PUT", "/v1/policy", adminToken, {
    businessActions: [
      {
        type: "change_booking_dates",
        title: "Change booking dates",
        endpoint: `http://127.0.0.1:${(bookingSystem.address() as AddressInfo).port}/bookings/change`,
        risk: "high",
        approval: "required",
        paramsSchema: {
          type: "object",
          required: ["bookingId", "checkIn", "checkOut"],
          additionalProperties: false,
          properties: {
            bookingId: { type: "string" },
            checkIn: { type: "string", format: "date" },
            checkOut: { type: "string", format: "date" },
          },
        },
      },
    ],
  });
  expect(policy.status).toBe(200);
  botToken = (await api("POST", "/v1/tokens", adminToken, { name: "Trip bot", scopes: ["bot"] }))
    .body.token as string;
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await model?.close();
  bookingSystem?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function toolCallStep(args: Record<string, string>) {
  return {
    body: {
      id: "chatcmpl-tool-1",
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: "gpt-4o-mini",
      choices: [
        {
          index: 0,
          finish_reason: "tool_calls",
          logprobs: null,
          message: {
            role: "assistant",
            content: null,
            refusal: null,
            tool_calls: [
              {
                id: `call_${randomBytes(4).toString("hex")}`,
                type: "function",
                function: { name: "change_booking_dates", arguments: JSON.stringify(args) },
              },
            ],
          },
        },
      ],
      usage: { prompt_tokens: 120, completion_tokens: 20, total_tokens: 140 },
    },
  };
}

/** The human in the helpdesk: waits for the request to show up on the ticket, then decides. */
async function humanDecides(ticketId: string, decision: Record<string, unknown>) {
  for (let i = 0; i < 100; i++) {
    const list = await api("GET", `/v1/tickets/${ticketId}/approvals?status=pending`, appToken);
    const pending = (list.body.approvals as { id: string }[])[0];
    if (pending) {
      const res = await api("POST", `/v1/approvals/${pending.id}/decision`, appToken, {
        idempotencyKey: `human-${pending.id}`,
        agent: { id: "agent-7", name: "Marta" },
        ...decision,
      });
      expect(res.status).toBe(200);
      return res.body;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("no approval request arrived");
}

function bookingAgent(ticketId: string) {
  return createBookingAgent({
    openai: new OpenAI({ apiKey: "sk-fake", baseURL: model.url }),
    model: "gpt-4o-mini",
    tandem: createApprovalClient({ baseUrl: server.url, token: botToken }),
    ticketId,
    requestedBy: { id: "trip-bot", name: "Trip bot" },
    currentBooking: { bookingId: "BK-1001", checkIn: "2027-03-03", checkOut: "2027-03-10" },
    decisionTimeoutMs: 30_000,
  });
}

describe("OpenAI Agents SDK tool approval through Tandem", () => {
  it("approved with an adjustment: Tandem runs the change and the bot confirms it", async () => {
    model.reset();
    bookingCalls = [];
    model.script(
      toolCallStep({ bookingId: "BK-1001", checkIn: "2027-03-10", checkOut: "2027-03-17" }),
      {
        content: "All set: your stay is now 11–18 March (confirmation HNL-2231).",
      },
    );
    const conversation = bookingAgent("T-100").converse(
      "Please move my Hawaii trip BK-1001 one week later.",
      "conv-100",
    );
    await humanDecides("T-100", {
      outcome: "approved",
      params: { bookingId: "BK-1001", checkIn: "2027-03-11", checkOut: "2027-03-18" },
      comment: "The 10th overlaps another booking of this guest.",
    });
    const result = await conversation;

    expect(result.reply).toContain("11–18 March");
    expect(result.approvals).toHaveLength(1);
    expect(result.approvals[0]).toMatchObject({ status: "executed", ticketId: "T-100" });
    expect(bookingCalls).toHaveLength(1);
    expect(bookingCalls[0]).toMatchObject({
      action: { params: { bookingId: "BK-1001", checkIn: "2027-03-11", checkOut: "2027-03-18" } },
    });
    // The model saw the tool's outcome, including the human's adjustment, before answering.
    const followUp = model.chatRequests().at(-1)?.raw ?? "";
    expect(followUp).toContain("executed");
    expect(followUp).toContain("2027-03-11");
    expect(followUp).toContain("HNL-2231");
  }, 60_000);

  it("rejected: nothing changes and the bot hands over to a human", async () => {
    model.reset();
    bookingCalls = [];
    model.script(
      toolCallStep({ bookingId: "BK-1001", checkIn: "2027-07-01", checkOut: "2027-07-08" }),
      {
        content: "I could not change it right now; a colleague will follow up with you shortly.",
      },
    );
    const conversation = bookingAgent("T-200").converse("Move BK-1001 to July.", "conv-200");
    await humanDecides("T-200", { outcome: "rejected", comment: "Peak season: needs a manager." });
    const result = await conversation;

    expect(result.approvals[0]?.status).toBe("rejected");
    expect(bookingCalls).toHaveLength(0);
    expect(result.reply).toContain("colleague will follow up");
    const followUp = model.chatRequests().at(-1)?.raw ?? "";
    expect(followUp).toMatch(/not approved|rejected/i);
  }, 60_000);

  it("a human cannot re-point the request at another booking: 409, nothing runs, the bot keeps waiting", async () => {
    model.reset();
    bookingCalls = [];
    const asked = { bookingId: "BK-1042", checkIn: "2027-03-04", checkOut: "2027-03-11" };
    model.script(toolCallStep(asked), { content: "Done: your stay is now 4–11 March." });
    const conversation = bookingAgent("T-400").converse("Move BK-1042 one day later.", "conv-400");
    let pendingId: string | undefined;
    for (let i = 0; i < 100 && !pendingId; i++) {
      const list = await api("GET", "/v1/tickets/T-400/approvals?status=pending", appToken);
      pendingId = (list.body.approvals as { id: string }[])[0]?.id;
      if (!pendingId) await new Promise((r) => setTimeout(r, 100));
    }
    expect(pendingId).toBeTruthy();

    // The policy declares no target params: `bookingId` is one by its name.
    const repointed = await api("POST", `/v1/approvals/${pendingId}/decision`, appToken, {
      idempotencyKey: "repoint-T-400",
      agent: { id: "agent-7", name: "Marta" },
      outcome: "approved",
      params: { ...asked, bookingId: "BK-2210" },
    });
    expect(repointed.status).toBe(409);
    expect(repointed.body.error).toMatchObject({ code: "TARGET_LOCKED" });
    expect(JSON.stringify(repointed.body.error)).toContain("bookingId");
    await new Promise((r) => setTimeout(r, 300));
    expect(bookingCalls).toHaveLength(0);
    // The bot was not told anything: the model has only been asked for the tool call so far.
    expect(model.chatRequests()).toHaveLength(1);

    await humanDecides("T-400", { outcome: "approved" });
    const result = await conversation;
    expect(result.approvals[0]).toMatchObject({ status: "executed" });
    expect(bookingCalls).toHaveLength(1);
    expect(bookingCalls[0]).toMatchObject({ action: { params: asked } });
  }, 60_000);

  it("a bot token cannot approve its own request", async () => {
    const tandem = createApprovalClient({ baseUrl: server.url, token: botToken });
    const pending = await tandem.requestApproval({
      ticketId: "T-300",
      action: {
        type: "change_booking_dates",
        params: { bookingId: "BK-9", checkIn: "2027-01-01", checkOut: "2027-01-02" },
      },
      summary: "test",
      requestedBy: { id: "trip-bot", name: "Trip bot" },
    });
    const res = await api("POST", `/v1/approvals/${pending.id}/decision`, botToken, {
      idempotencyKey: "self-approval",
      agent: { id: "trip-bot", name: "Trip bot" },
      outcome: "approved",
    });
    expect(res.status).toBe(403);
  });
});
