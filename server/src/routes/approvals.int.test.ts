import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobTenant, withTenant } from "../context";
import { createJobQueue, type JobQueue, registerWorkers } from "../jobs";
import { verifyPayloadSignature } from "../lib/signature";
import { updatePolicy } from "../services/policy";
import { createTestContext, type TestContext, type TestInstallation } from "../test";

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
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let install: TestInstallation;
let other: TestInstallation;
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
  await registerWorkers(jobs, t.deps, {
    actionExecutor: { settings: { retryDelaySeconds: 1, backoff: false }, sweepIntervalMs: 0 },
    approvals: { expiryIntervalMs: 200, callbackRetryDelaySeconds: 1 },
  });
  await jobs.start();
  t.deps.jobs = jobs;

  install = await t.install("zendesk");
  other = await t.install("zendesk");
  const ctx = withTenant(t.ctx, jobTenant(install));
  await updatePolicy({
    ctx,
    input: {
      policy: {
        rules: { set_priority: "blocked" },
        businessActions: [
          {
            type: "change_booking_dates",
            title: "Change booking dates",
            description: "Moves a booking to new dates",
            endpoint: `${receiver.url}/actions/change-booking-dates`,
            risk: "high",
            approval: "required",
            targetParams: ["bookingId"],
            paramsSchema: {
              type: "object",
              required: ["bookingId", "checkIn", "checkOut"],
              additionalProperties: false,
              properties: {
                bookingId: { type: "string", pattern: "^BK-[0-9]+$" },
                checkIn: { type: "string", format: "date" },
                checkOut: {
                  type: "string",
                  format: "date",
                  formatExclusiveMinimum: { $data: "1/checkIn" },
                },
              },
            },
          },
        ],
      },
    },
  });
  const bot = await t.call("POST", "/v1/tokens", {
    token: install.token,
    json: { name: "Trip bot", scopes: ["bot"] },
  });
  botToken = (await bot.json()).token;
}, 90_000);

afterAll(async () => {
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
        reason: { code: "policy" },
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

describe("bound approvals", () => {
  const rowsOf = async (text: string, ...values: string[]) =>
    (await t.database.sql.executeSql(text, values)).rows;
  const callbacksOf = (id: string) =>
    receiver.received.filter(
      (r) => r.path.startsWith("/callbacks/") && JSON.parse(r.body).approval.id === id,
    );
  const runsOf = (id: string) =>
    receiver.received.filter(
      (r) => r.path.startsWith("/actions/") && JSON.parse(r.body).approvalId === id,
    );
  const lisbon = { bookingId: "BK-1042", checkIn: "2027-06-12", checkOut: "2027-06-15" };

  it("locks the target: re-pointing BK-1042 at BK-2210 is 409 TARGET_LOCKED and changes nothing", async () => {
    const created = await (
      await t.call("POST", "/v1/approvals", {
        token: botToken,
        json: bookingChange({
          ticketId: "4712",
          action: { type: "change_booking_dates", params: lisbon },
        }),
      })
    ).json();
    expect(created.action.targetParams).toEqual(["bookingId"]);

    const repointed = await t.call("POST", `/v1/approvals/${created.id}/decision`, {
      token: install.token,
      json: {
        idempotencyKey: "repoint-0001",
        agent: { id: "agent-7", name: "Marta" },
        outcome: "approved",
        params: { ...lisbon, bookingId: "BK-2210" },
      },
    });
    expect(repointed.status).toBe(409);
    const error = (await repointed.json()).error;
    expect(error.code).toBe("TARGET_LOCKED");
    expect(error.message).toContain("bookingId");
    expect(error.issues).toEqual([
      expect.objectContaining({ path: "params.bookingId", params: { field: "bookingId" } }),
    ]);

    // Nothing recorded, nothing run, the bot not told: the request still waits for a human.
    const still = await (
      await t.call("GET", `/v1/approvals/${created.id}`, { token: botToken })
    ).json();
    expect(still.status).toBe("pending");
    expect(still.decision).toBeUndefined();
    expect(still.action.params).toEqual(lisbon);
    expect(
      await rowsOf("select id from action_executions where approval_id = $1", created.id),
    ).toHaveLength(0);
    expect(
      await rowsOf(
        "select id from audit_events where subject_id = $1 and type = 'approval.decided'",
        created.id,
      ),
    ).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(callbacksOf(created.id)).toHaveLength(0);
    expect(runsOf(created.id)).toHaveLength(0);

    // Other params stay editable: the same booking on other dates is approved and run.
    const moved = { ...lisbon, checkIn: "2027-06-13", checkOut: "2027-06-16" };
    const approved = await t.call("POST", `/v1/approvals/${created.id}/decision`, {
      token: install.token,
      json: {
        idempotencyKey: "repoint-0002",
        agent: { id: "agent-7", name: "Marta" },
        outcome: "approved",
        params: moved,
      },
    });
    expect(approved.status).toBe(200);
    expect((await approved.json()).decision).toMatchObject({
      outcome: "approved",
      params: moved,
      paramsEdited: true,
      agentIdentity: "asserted",
    });
    const run = await waitFor(async () => runsOf(created.id)[0], "the booking change");
    expect(JSON.parse(run.body).action.params).toEqual(moved);
  });

  it("refuses check-out before check-in when the bot asks and when the agent approves, naming checkOut", async () => {
    const backwards = await t.call("POST", "/v1/approvals", {
      token: botToken,
      json: bookingChange({
        ticketId: "4713",
        action: {
          type: "change_booking_dates",
          params: { ...lisbon, checkOut: "2027-06-10" },
        },
      }),
    });
    expect(backwards.status).toBe(400);
    const created400 = (await backwards.json()).error;
    expect(created400.code).toBe("BAD_REQUEST");
    expect(created400.issues).toEqual([
      {
        path: "action.params.checkOut",
        message: "must be after checkIn (2027-06-12)",
        keyword: "formatExclusiveMinimum",
        params: { field: "checkIn", limit: "2027-06-12" },
      },
    ]);

    const created = await (
      await t.call("POST", "/v1/approvals", {
        token: botToken,
        json: bookingChange({
          ticketId: "4713",
          action: { type: "change_booking_dates", params: lisbon },
        }),
      })
    ).json();
    const sameDay = await t.call("POST", `/v1/approvals/${created.id}/decision`, {
      token: install.token,
      json: {
        idempotencyKey: "same-day-0001",
        agent: { id: "agent-7", name: "Marta" },
        outcome: "approved",
        params: { ...lisbon, checkOut: lisbon.checkIn },
      },
    });
    expect(sameDay.status).toBe(400);
    const issues = (await sameDay.json()).error.issues;
    expect(issues.map((i: { path: string }) => i.path)).toEqual(["params.checkOut"]);
    expect(issues[0]).toMatchObject({
      keyword: "formatExclusiveMinimum",
      params: { field: "checkIn" },
    });

    // A malformed check-in is reported once, on checkIn, not again as "checkOut after it".
    const malformed = await t.call("POST", `/v1/approvals/${created.id}/decision`, {
      token: install.token,
      json: {
        idempotencyKey: "same-day-0002",
        agent: { id: "agent-7", name: "Marta" },
        outcome: "approved",
        params: { ...lisbon, checkIn: "soon" },
      },
    });
    expect((await malformed.json()).error.issues.map((i: { path: string }) => i.path)).toEqual([
      "params.checkIn",
    ]);

    expect(
      (await (await t.call("GET", `/v1/approvals/${created.id}`, { token: botToken })).json())
        .status,
    ).toBe("pending");
    expect(
      await rowsOf("select id from action_executions where approval_id = $1", created.id),
    ).toHaveLength(0);
  });

  it("a rejection needs a reason or a comment; the reason is stored and called back", async () => {
    const created = await (
      await t.call("POST", "/v1/approvals", {
        token: botToken,
        json: bookingChange({
          ticketId: "4714",
          callbackUrl: `${receiver.url}/callbacks/reason-bot`,
        }),
      })
    ).json();
    const decide = (json: Record<string, unknown>) =>
      t.call("POST", `/v1/approvals/${created.id}/decision`, {
        token: install.token,
        json: { agent: { id: "agent-7", name: "Marta" }, outcome: "rejected", ...json },
      });

    const bare = await decide({ idempotencyKey: "no-reason-0001" });
    expect(bare.status).toBe(400);
    expect((await bare.json()).error.issues[0].path).toBe("reason");
    const blank = await decide({ idempotencyKey: "no-reason-0002", comment: "   " });
    expect(blank.status).toBe(400);
    expect(
      (await (await t.call("GET", `/v1/approvals/${created.id}`, { token: botToken })).json())
        .status,
    ).toBe("pending");

    const res = await decide({
      idempotencyKey: "with-reason-0001",
      reason: { code: "policy", note: "Peak season: needs a manager's exception." },
    });
    expect(res.status).toBe(200);
    const decided = await res.json();
    expect(decided.decision).toMatchObject({
      outcome: "rejected",
      reason: { code: "policy", note: "Peak season: needs a manager's exception." },
      comment: "Peak season: needs a manager's exception.",
      agentIdentity: "asserted",
    });
    const [stored] = await rowsOf(
      "select reason_code, decided_by_identity from approval_requests where id = $1",
      created.id,
    );
    expect(stored).toEqual({ reason_code: "policy", decided_by_identity: "asserted" });

    const [callback] = await waitFor(async () => {
      const mine = callbacksOf(created.id);
      return mine.length > 0 ? mine : undefined;
    }, "the rejection callback");
    const payload = JSON.parse(callback!.body);
    expect(payload.event).toBe("approval.rejected");
    expect(payload.approval.decision.reason).toEqual({
      code: "policy",
      note: "Peak season: needs a manager's exception.",
    });

    // A comment alone is a reason too (recorded as "other").
    const second = await (
      await t.call("POST", "/v1/approvals", {
        token: botToken,
        json: bookingChange({ ticketId: "4714" }),
      })
    ).json();
    const commented = await t.call("POST", `/v1/approvals/${second.id}/decision`, {
      token: install.token,
      json: {
        idempotencyKey: "comment-only-0001",
        agent: { id: "agent-7", name: "Marta" },
        outcome: "rejected",
        comment: "The guest cancelled by phone.",
      },
    });
    expect((await commented.json()).decision.reason).toEqual({
      code: "other",
      note: "The guest cancelled by phone.",
    });
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
