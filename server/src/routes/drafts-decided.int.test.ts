import { randomUUID } from "node:crypto";
import { DecisionSchema, type TicketContextInput } from "@tandem/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestContext, TestInstallation } from "../test/app";
import { makeTicket } from "../test/drafting-fixtures";
import { type FakeOpenAI, startFakeOpenAI } from "../test/fake-openai";
import { agent, postDecision } from "./test/decisions";
import { createModelTestContext } from "./test/model";

/**
 * A decided draft stays decided; a ticket the agent answered last needs no reply; a decision on
 * an older draft stands when the agent read the newer message. Model mode (a fake OpenAI), so
 * "no model call" can be observed.
 */
let t: TestContext;
let fake: FakeOpenAI;
let acme: TestInstallation;
let other: TestInstallation;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  t = await createModelTestContext(fake, { timeoutMs: 2_000, maxRetries: 0 }, { embedder: true });
  acme = await t.install();
  other = await t.install();
});

afterAll(async () => {
  await t?.close();
  await fake?.close();
});

function withMessage(
  ticket: TicketContextInput,
  author: "customer" | "agent" | "system",
  body: string,
  isPublic = true,
): TicketContextInput {
  return {
    ...ticket,
    messages: [
      ...ticket.messages,
      {
        id: `m-${randomUUID()}`,
        author,
        public: isPublic,
        body,
        createdAt: new Date(Date.now() + ticket.messages.length * 1000).toISOString(),
      },
    ],
  };
}

async function draftFor(ticket: TicketContextInput, extra: Record<string, unknown> = {}) {
  const res = await t.call("POST", "/v1/drafts", {
    token: acme.token,
    json: { ticket, ...extra },
  });
  expect(res.status).toBe(200);
  return { draft: await res.json(), cache: res.headers.get("x-tandem-draft-cache") };
}

function decide(
  draft: { id: string; ticketRevision: string },
  extra: Record<string, unknown> = {},
  token = acme.token,
) {
  return postDecision(t, token, draft, {
    // An edited text without promises: what is checked here is the decision, not the reply.
    reply: { outcome: "edited", body: "Hello Marta, thank you for writing. Best, Ana" },
    actions: [],
    ...extra,
  });
}

describe("a decided draft stays decided", () => {
  it("answers the decided draft with its decision for the same revision, refresh or not", async () => {
    const ticket = makeTicket({ text: "Where is my package? It has not arrived yet." });
    const { draft } = await draftFor(ticket);
    expect(draft.decision).toBeNull();
    expect(draft.needsReply).toBe(true);

    const decided = await decide(draft);
    expect(decided.status).toBe(200);
    const decision = await decided.json();

    const chats = fake.chatRequests().length;
    for (const extra of [{}, { refresh: true }, { instruction: "Shorter, please" }]) {
      const again = await draftFor(ticket, extra);
      expect(again.cache).toBe("hit");
      expect(again.draft.id).toBe(draft.id);
      expect(again.draft.decision).toMatchObject({
        id: decision.id,
        draftId: draft.id,
        agent,
        agentIdentity: "asserted",
        reply: { outcome: "edited" },
      });
      expect(DecisionSchema.safeParse(again.draft.decision).success).toBe(true);
    }
    // Nothing was drafted again: no model call for a decided revision.
    expect(fake.chatRequests().length).toBe(chats);

    const latest = await t.call("GET", `/v1/tickets/${ticket.id}/draft`, { token: acme.token });
    expect(latest.status).toBe(200);
    const body = await latest.json();
    expect(body.id).toBe(draft.id);
    expect(body.decision.id).toBe(decision.id);

    // Another installation with the same ticket id is a different ticket: a new, undecided draft.
    const foreign = await t.call("POST", "/v1/drafts", { token: other.token, json: { ticket } });
    const foreignDraft = await foreign.json();
    expect(foreignDraft.id).not.toBe(draft.id);
    expect(foreignDraft.decision).toBeNull();
  });

  it("prefers the decided draft of the latest revision over a newer undecided one of it", async () => {
    const ticket = makeTicket({ text: "Can I change my delivery address, please?" });
    const { draft: first } = await draftFor(ticket);
    const { draft: refreshed } = await draftFor(ticket, { refresh: true });
    expect(refreshed.id).not.toBe(first.id);
    expect((await decide(first)).status).toBe(200);

    const latest = await (
      await t.call("GET", `/v1/tickets/${ticket.id}/draft`, { token: acme.token })
    ).json();
    expect(latest.id).toBe(first.id);
    expect(latest.decision).not.toBeNull();
    // One decision per revision: the other draft of it cannot be decided too.
    const second = await decide(refreshed);
    expect(second.status).toBe(409);
    expect((await second.json()).error.code).toBe("CONFLICT");
  });

  it("lets only one of two drafts of a revision be decided when both are decided at once", async () => {
    const ticket = makeTicket({ text: "Could you resend my invoice for last month?" });
    const { draft: first } = await draftFor(ticket);
    const { draft: second } = await draftFor(ticket, { refresh: true });
    expect(second.id).not.toBe(first.id);
    // Two tabs, two drafts of one revision, both approved in the same instant.
    const answers = await Promise.all([decide(first), decide(second), decide(first)]);
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(1);
    const bodies = await Promise.all(answers.map((res) => res.json()));
    const decidedDrafts = new Set(
      bodies.filter((_, i) => answers[i]?.status === 200).map((body) => body.draftId),
    );
    expect(decidedDrafts.size).toBe(1);
    for (const [i, body] of bodies.entries()) {
      if (answers[i]?.status !== 200) expect(body.error.code).toBe("CONFLICT");
    }
    const stored = await t.call("GET", `/v1/drafts/${[...decidedDrafts][0]}/decision`, {
      token: acme.token,
    });
    expect(stored.status).toBe(200);
  });
});

describe("needsReply", () => {
  it("is false with no reply, no actions and no model call when the agent wrote last", async () => {
    const asked = makeTicket({ text: "Hola, el pedido llegó roto y quiero un reembolso." });
    const { draft: first } = await draftFor(asked);
    expect((await decide(first)).status).toBe(200);

    const answered = withMessage(
      withMessage(asked, "agent", "Hola Marta, lo siento mucho. Ya lo estamos revisando."),
      "agent",
      "Internal: check the warehouse",
      false,
    );
    const requests = fake.requests.length;
    const { draft } = await draftFor(answered);
    expect(fake.requests.length).toBe(requests);
    expect(draft).toMatchObject({
      needsReply: false,
      decision: null,
      mode: "offline",
      reply: { body: "" },
      actions: [],
      citations: [],
    });
    expect(draft.commitments ?? []).toEqual([]);
    expect(draft.ticketRevision).not.toBe(first.ticketRevision);

    // Nothing to redo: refresh and instructions answer the same stored draft, still no call.
    const again = await draftFor(answered, { refresh: true, instruction: "Be brief" });
    expect(again.draft.id).toBe(draft.id);
    expect(again.cache).toBe("hit");
    expect(fake.requests.length).toBe(requests);

    const latest = await (
      await t.call("GET", `/v1/tickets/${asked.id}/draft`, { token: acme.token })
    ).json();
    expect(latest).toMatchObject({ id: draft.id, needsReply: false });

    // There is no reply to approve.
    const refused = await decide(draft);
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.code).toBe("CONFLICT");

    // A public system message (an auto-notification) neither answers nor asks: the agent's
    // message is still the newest from a person.
    const notified = withMessage(answered, "system", "Your ticket was updated.");
    expect((await draftFor(notified)).draft.needsReply).toBe(false);

    const chats = fake.chatRequests().length;
    const followUp = withMessage(notified, "customer", "Gracias, ¿y cuándo llega el dinero?");
    const next = await draftFor(followUp);
    expect(next.draft.needsReply).toBe(true);
    expect(next.draft.reply.body.length).toBeGreaterThan(0);
    expect(next.draft.decision).toBeNull();
    expect(fake.chatRequests().length).toBe(chats + 1);
  });
});

describe("stale without loss (seenTicketRevision)", () => {
  it("accepts a decision on an older draft only when the agent saw the latest revision", async () => {
    const ticket = makeTicket({ text: "My order ORD-550871 arrived broken." });
    const { draft: older } = await draftFor(ticket);
    const followUp = withMessage(ticket, "customer", "I also sent a photo of the box.");
    const { draft: newer } = await draftFor(followUp);
    expect(newer.ticketRevision).not.toBe(older.ticketRevision);

    for (const seen of [undefined, "r1-not-a-revision", older.ticketRevision]) {
      const stale = await decide(older, seen ? { seenTicketRevision: seen } : {});
      expect(stale.status).toBe(409);
      expect((await stale.json()).error.code).toBe("STALE_DRAFT");
    }

    const res = await decide(older, { seenTicketRevision: newer.ticketRevision });
    expect(res.status).toBe(200);
    const decision = await res.json();
    expect(decision).toMatchObject({
      draftId: older.id,
      ticketRevision: older.ticketRevision,
      seenTicketRevision: newer.ticketRevision,
    });
    const audit = await (
      await t.call("GET", `/v1/audit?ticketId=${ticket.id}&type=draft.decided`, {
        token: acme.token,
      })
    ).json();
    expect(audit.events[0].data).toMatchObject({ seenTicketRevision: newer.ticketRevision });

    // The revision the agent read is answered: reopening the ticket shows the decision.
    const reopened = await draftFor(followUp, { refresh: true });
    expect(reopened.draft.id).toBe(older.id);
    expect(reopened.draft.decision.id).toBe(decision.id);
    const latest = await (
      await t.call("GET", `/v1/tickets/${ticket.id}/draft`, { token: acme.token })
    ).json();
    expect(latest.decision.id).toBe(decision.id);
    // ... and its own draft can no longer be decided as well.
    const twice = await decide(newer);
    expect(twice.status).toBe(409);
    expect((await twice.json()).error.code).toBe("CONFLICT");
  });

  it("records no seen revision when nothing newer was drafted", async () => {
    const ticket = makeTicket({ text: "Do you ship to Portugal?" });
    const { draft } = await draftFor(ticket);
    const res = await decide(draft, { seenTicketRevision: draft.ticketRevision });
    expect(res.status).toBe(200);
    const decision = await res.json();
    expect(decision.seenTicketRevision).toBeUndefined();
  });

  it("keeps another installation's drafts out of reach", async () => {
    const ticket = makeTicket({ text: "Is the shop open on Sunday?" });
    const { draft } = await draftFor(ticket);
    const res = await decide(draft, { seenTicketRevision: draft.ticketRevision }, other.token);
    expect(res.status).toBe(404);
  });
});
