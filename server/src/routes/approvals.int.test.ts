import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { InstallationCreated } from "@tandem/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobQueue, type JobQueue, registerWorkers } from "../jobs";
import { verifyPayloadSignature } from "../lib/signature";
import { updatePolicy } from "../services/policy";
import { createTestContext, type TestContext } from "../test";

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A business system + bot callback endpoint that records every request it gets. */
function startReceiver() {
  const received: Received[] = [];
  const failuresLeft = new Map<string, number>();
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body });
      const left = failuresLeft.get(req.url ?? "") ?? 0;
      if (left > 0) {
        failuresLeft.set(req.url ?? "", left - 1);
        res.writeHead(500).end("boom");
        return;
      }
      res
        .writeHead(200, { "content-type": "application/json" })
        .end('{"ok":true,"bookingRef":"HNL-7"}');
    });
  });
  return new Promise<{
    url: string;
    received: Received[];
    failuresLeft: Map<string, number>;
    server: Server;
  }>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        received,
        failuresLeft,
        server,
      }),
    ),
  );
}

let t: TestContext;
let jobs: JobQueue;
let stopTimers: () => void;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let install: InstallationCreated;
let other: InstallationCreated;
let botToken: string;
let nowMs = Date.now();

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  receiver = await startReceiver();
  t = await createTestContext({ deps: { clock: { now: () => new Date(nowMs) } } });
  jobs = createJobQueue({ database: t.database, logger: t.deps.logger });
  stopTimers = await registerWorkers(jobs, t.deps, {
    actionExecutor: { settings: { retryDelaySeconds: 1, backoff: false }, sweepIntervalMs: 0 },
    approvals: { expiryIntervalMs: 200, callbackRetryDelaySeconds: 1 },
  });
  await jobs.start();
  t.deps.jobs = jobs;

  install = await t.install("zendesk");
  other = await t.install("zendesk");
  await updatePolicy(t.ctx, install.id, {
    rules: { set_priority: "blocked" },
    businessActions: [
      {
        type: "change_booking_dates",
        title: "Change booking dates",
        description: "Moves a booking to new dates",
        endpoint: `${receiver.url}/actions/change-booking-dates`,
        risk: "high",
        approval: "required",
        paramsSchema: {
          type: "object",
          required: ["bookingId", "checkIn", "checkOut"],
          additionalProperties: false,
          properties: {
            bookingId: { type: "string", pattern: "^BK-[0-9]+$" },
            checkIn: { type: "string", format: "date" },
            checkOut: { type: "string", format: "date" },
          },
        },
      },
    ],
  });
  const bot = await t.call("POST", "/v1/tokens", {
    token: install.token,
    json: { name: "Trip bot", scopes: ["bot"] },
  });
  botToken = (await bot.json()).token;
}, 90_000);

afterAll(async () => {
  stopTimers?.();
  await jobs?.stop();
  await t?.close();
  receiver?.server.close();
});

const bookingChange = (overrides: Record<string, unknown> = {}) => ({
  ticketId: "4711",
  action: {
    type: "change_booking_dates",
    params: { bookingId: "BK-1001", checkIn: "2027-03-10", checkOut: "2027-03-17" },
  },
  summary: "Customer (authenticated) wants to move the Hawaii trip one week later.",
  before: { checkIn: "2027-03-03", checkOut: "2027-03-10" },
  requestedBy: { id: "trip-bot", name: "Trip bot" },
  callbackUrl: `${receiver.url}/callbacks/trip-bot`,
  ...overrides,
});

describe("creating requests", () => {
  it("creates a pending request that bots and agents can read", async () => {
    const res = await t.call("POST", "/v1/approvals", { token: botToken, json: bookingChange() });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({
      status: "pending",
      ticketId: "4711",
      action: { type: "change_booking_dates", title: "Change booking dates", risk: "high" },
      requestedBy: { id: "trip-bot", name: "Trip bot", kind: "bot" },
    });
    const listed = await (
      await t.call("GET", "/v1/tickets/4711/approvals", { token: install.token })
    ).json();
    expect(listed.approvals.map((a: { id: string }) => a.id)).toContain(created.id);
  });

  it("answers a retried create with the same request (idempotent)", async () => {
    const body = bookingChange({ idempotencyKey: "trip-bot-conv-88-change-1" });
    const first = await t.call("POST", "/v1/approvals", { token: botToken, json: body });
    const again = await t.call("POST", "/v1/approvals", { token: botToken, json: body });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe((await first.json()).id);

    const different = await t.call("POST", "/v1/approvals", {
      token: botToken,
      json: {
        ...body,
        action: { ...body.action, params: { ...body.action.params, checkOut: "2027-03-20" } },
      },
    });
    expect(different.status).toBe(409);
    expect((await different.json()).error.code).toBe("CONFLICT");
  });

  it("refuses actions outside the catalog, blocked ones and params that break the schema", async () => {
    const unknown = await t.call("POST", "/v1/approvals", {
      token: botToken,
      json: bookingChange({ action: { type: "refund_everything", params: {} } }),
    });
    expect(unknown.status).toBe(400);
    const blocked = await t.call("POST", "/v1/approvals", {
      token: botToken,
      json: bookingChange({ action: { type: "set_priority", params: { priority: "urgent" } } }),
    });
    expect(blocked.status).toBe(403);
    const badParams = await t.call("POST", "/v1/approvals", {
      token: botToken,
      json: bookingChange({
        action: {
          type: "change_booking_dates",
          params: { bookingId: "DROP TABLE", checkIn: "soon" },
        },
      }),
    });
    expect(badParams.status).toBe(400);
    const body = await badParams.json();
    expect(body.error.code).toBe("BAD_REQUEST");
    expect(body.error.issues.length).toBeGreaterThan(0);
  });
});

describe("deciding", () => {
  it("never lets a bot token decide", async () => {
    const created = await (
      await t.call("POST", "/v1/approvals", { token: botToken, json: bookingChange() })
    ).json();
    const res = await t.call("POST", `/v1/approvals/${created.id}/decision`, {
      token: botToken,
      json: {
        idempotencyKey: "bot-self-approve-1",
        agent: { id: "bot", name: "Bot" },
        outcome: "approved",
      },
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("FORBIDDEN");
    const still = await (
      await t.call("GET", `/v1/approvals/${created.id}`, { token: botToken })
    ).json();
    expect(still.status).toBe("pending");
  });

  it("approve with edited params: long-poll wakes, the action runs signed, the bot is called back", async () => {
    const created = await (
      await t.call("POST", "/v1/approvals", { token: botToken, json: bookingChange() })
    ).json();
    const longPoll = t.call("GET", `/v1/approvals/${created.id}?waitSeconds=20`, {
      token: botToken,
    });

    const invalidEdit = await t.call("POST", `/v1/approvals/${created.id}/decision`, {
      token: install.token,
      json: {
        idempotencyKey: "marta-decides-0001",
        agent: { id: "agent-7", name: "Marta" },
        outcome: "approved",
        params: { bookingId: "BK-1001", checkIn: "not a date", checkOut: "2027-03-18" },
      },
    });
    expect(invalidEdit.status).toBe(400);

    const decision = {
      idempotencyKey: "marta-decides-0002",
      agent: { id: "agent-7", name: "Marta" },
      outcome: "approved",
      params: { bookingId: "BK-1001", checkIn: "2027-03-11", checkOut: "2027-03-18" },
      comment: "Moved by one more day: the 10th overlaps with an existing booking.",
    };
    const res = await t.call("POST", `/v1/approvals/${created.id}/decision`, {
      token: install.token,
      json: decision,
    });
    expect(res.status).toBe(200);
    const decided = await res.json();
    expect(decided.decision).toMatchObject({ outcome: "approved", paramsEdited: true });

    const woke = await (await longPoll).json();
    expect(["approved", "executed"]).toContain(woke.status);

    const replay = await t.call("POST", `/v1/approvals/${created.id}/decision`, {
      token: install.token,
      json: decision,
    });
    expect(replay.status).toBe(200);

    const executed = await waitFor(async () => {
      const a = await (
        await t.call("GET", `/v1/approvals/${created.id}`, { token: botToken })
      ).json();
      return a.status === "executed" ? a : undefined;
    }, "execution");
    expect(executed.execution).toMatchObject({ status: "succeeded", attempts: 1 });

    const calls = receiver.received.filter((r) => r.path === "/actions/change-booking-dates");
    const call = calls.find((r) => JSON.parse(r.body).approvalId === created.id);
    expect(call).toBeTruthy();
    expect(JSON.parse(call!.body).action.params).toEqual(decision.params);
    expect(JSON.parse(call!.body).approvedBy).toEqual({ id: "agent-7", name: "Marta" });
    expect(
      verifyPayloadSignature(
        install.webhookSecret,
        call!.headers["x-tandem-signature"] as string,
        call!.headers["x-tandem-timestamp"] as string,
        call!.body,
        { nowSeconds: Math.floor(nowMs / 1000) },
      ),
    ).toBe(true);

    const callbacks = await waitFor(async () => {
      const mine = receiver.received.filter(
        (r) => r.path === "/callbacks/trip-bot" && JSON.parse(r.body).approval.id === created.id,
      );
      return mine.length >= 2 ? mine : undefined;
    }, "callbacks");
    const events = callbacks.map((c) => JSON.parse(c.body).event).sort();
    expect(events).toEqual(["approval.approved", "approval.executed"]);
    for (const c of callbacks) {
      expect(
        verifyPayloadSignature(
          install.webhookSecret,
          c.headers["x-tandem-signature"] as string,
          c.headers["x-tandem-timestamp"] as string,
          c.body,
          { nowSeconds: Math.floor(nowMs / 1000) },
        ),
      ).toBe(true);
    }
  });

  it("rejects with a comment and refuses a second, different decision", async () => {
    const created = await (
      await t.call("POST", "/v1/approvals", { token: botToken, json: bookingChange() })
    ).json();
    const res = await t.call("POST", `/v1/approvals/${created.id}/decision`, {
      token: install.token,
      json: {
        idempotencyKey: "reject-0001",
        agent: { id: "agent-7", name: "Marta" },
        outcome: "rejected",
        comment: "Peak season: needs a manager's exception.",
      },
    });
    expect((await res.json()).status).toBe("rejected");
    const again = await t.call("POST", `/v1/approvals/${created.id}/decision`, {
      token: install.token,
      json: {
        idempotencyKey: "approve-late-0001",
        agent: { id: "agent-8", name: "Ann" },
        outcome: "approved",
      },
    });
    expect(again.status).toBe(409);
    expect(
      receiver.received.some((r) => r.body.includes(created.id) && r.path.startsWith("/actions")),
    ).toBe(false);
  });

  it("retries a failing callback until it is delivered", async () => {
    const path = "/callbacks/flaky-bot";
    receiver.failuresLeft.set(path, 1);
    const created = await (
      await t.call("POST", "/v1/approvals", {
        token: botToken,
        json: bookingChange({ callbackUrl: `${receiver.url}${path}` }),
      })
    ).json();
    await t.call("POST", `/v1/approvals/${created.id}/decision`, {
      token: install.token,
      json: {
        idempotencyKey: "reject-flaky-01",
        agent: { id: "a", name: "A" },
        outcome: "rejected",
      },
    });
    const deliveries = await waitFor(async () => {
      const mine = receiver.received.filter((r) => r.path === path && r.body.includes(created.id));
      return mine.length >= 2 ? mine : undefined;
    }, "callback retry");
    expect(deliveries.length).toBe(2);
    expect(deliveries[0]!.headers["idempotency-key"]).toBe(
      deliveries[1]!.headers["idempotency-key"],
    );
  });
});

describe("expiry", () => {
  it("expires an unanswered request, refuses late decisions and calls back once", async () => {
    const created = await (
      await t.call("POST", "/v1/approvals", {
        token: botToken,
        json: bookingChange({
          expiresInSeconds: 30,
          callbackUrl: `${receiver.url}/callbacks/expiry-bot`,
        }),
      })
    ).json();
    nowMs += 31_000;
    const read = await (
      await t.call("GET", `/v1/approvals/${created.id}`, { token: botToken })
    ).json();
    expect(read.status).toBe("expired");
    const late = await t.call("POST", `/v1/approvals/${created.id}/decision`, {
      token: install.token,
      json: { idempotencyKey: "too-late-0001", agent: { id: "a", name: "A" }, outcome: "approved" },
    });
    expect(late.status).toBe(409);
    const expiredCallbacks = await waitFor(async () => {
      const mine = receiver.received.filter(
        (r) => r.path === "/callbacks/expiry-bot" && r.body.includes(created.id),
      );
      return mine.length >= 1 ? mine : undefined;
    }, "expiry callback");
    expect(JSON.parse(expiredCallbacks[0]!.body).event).toBe("approval.expired");
  });
});

describe("tenancy", () => {
  it("hides one installation's requests from another", async () => {
    const created = await (
      await t.call("POST", "/v1/approvals", { token: botToken, json: bookingChange() })
    ).json();
    const read = await t.call("GET", `/v1/approvals/${created.id}`, { token: other.token });
    expect(read.status).toBe(404);
    const decide = await t.call("POST", `/v1/approvals/${created.id}/decision`, {
      token: other.token,
      json: {
        idempotencyKey: "cross-tenant-1",
        agent: { id: "x", name: "X" },
        outcome: "approved",
      },
    });
    expect(decide.status).toBe(404);
    const list = await (
      await t.call("GET", "/v1/tickets/4711/approvals", { token: other.token })
    ).json();
    expect(list.approvals).toEqual([]);
  });

  it("validates ids and bodies with 400s", async () => {
    expect((await t.call("GET", "/v1/approvals/not-a-uuid", { token: botToken })).status).toBe(400);
    const res = await t.call("POST", "/v1/approvals", { token: botToken, json: { ticketId: "1" } });
    expect(res.status).toBe(400);
  });
});
