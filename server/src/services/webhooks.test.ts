import { describe, expect, it } from "vitest";
import {
  deliveryKey,
  parseFreshdeskEvent,
  parseZendeskEvent,
  verifyZendeskSignature,
  ZENDESK_TEST_SIGNING_SECRET,
  zendeskSignature,
} from "./webhooks";

// zendesk-platform.md §5: current formula (timestamp + body), static test secret as the key.
const VECTORS = [
  {
    timestamp: "2021-07-25T10:00:00Z",
    body: '{"say": "hello"}',
    signature: "gf3v0LzLRHPUnIdhbvwRDVEvzSb07/QN0GYjSNlkBT0=",
  },
  {
    timestamp: "2021-07-25T10:00:00Z",
    body: "",
    signature: "Quv38XAfu9ZaMGBsk0NSntquALrZBp815j0203kelQA=",
  },
  {
    timestamp: "2021-03-25T05:09:27Z",
    body: '{"event":"ticket.updated","id":123}',
    signature: "S/RDdU2ERmj7LHDDoWJ2onPYH+t7/f2+LTM4dL7UiLM=",
  },
];

describe("Zendesk webhook signatures", () => {
  it.each(VECTORS)("reproduces the documented vector for $body", (v) => {
    expect(zendeskSignature(ZENDESK_TEST_SIGNING_SECRET, v.timestamp, Buffer.from(v.body))).toBe(
      v.signature,
    );
    const check = verifyZendeskSignature({
      secret: ZENDESK_TEST_SIGNING_SECRET,
      signature: v.signature,
      timestamp: v.timestamp,
      rawBody: Buffer.from(v.body),
      now: new Date(Date.parse(v.timestamp) + 60_000),
    });
    expect(check).toEqual({ ok: true });
  });

  it("does not accept the old body-first vector", () => {
    const check = verifyZendeskSignature({
      secret: "HRkRd4BeOAoUkfZr-mhauJT64rvBASlJRoIyPsd3zeA=",
      signature: "tRDSF7URY8BLCDlaBcQ7FHu051Zk+aAB0NKMP53teMw=",
      timestamp: "2021-07-25T10:00:00Z",
      rawBody: Buffer.from('{"say": "hello"}'),
      now: new Date("2021-07-25T10:00:30Z"),
    });
    expect(check).toEqual({ ok: false, reason: "mismatch" });
  });

  it("refuses a stale, a future and an unparsable timestamp, and missing headers", () => {
    const v = VECTORS[0] as (typeof VECTORS)[number];
    const base = {
      secret: ZENDESK_TEST_SIGNING_SECRET,
      signature: v.signature,
      timestamp: v.timestamp,
      rawBody: Buffer.from(v.body),
    };
    const t = Date.parse(v.timestamp);
    expect(verifyZendeskSignature({ ...base, now: new Date(t + 5 * 60_000 + 1) })).toEqual({
      ok: false,
      reason: "stale",
    });
    expect(verifyZendeskSignature({ ...base, now: new Date(t - 10 * 60_000) })).toEqual({
      ok: false,
      reason: "stale",
    });
    const bad = "not a date";
    expect(
      verifyZendeskSignature({
        ...base,
        timestamp: bad,
        signature: zendeskSignature(ZENDESK_TEST_SIGNING_SECRET, bad, base.rawBody),
        now: new Date(t),
      }),
    ).toEqual({ ok: false, reason: "bad_timestamp" });
    expect(verifyZendeskSignature({ ...base, signature: undefined, now: new Date(t) })).toEqual({
      ok: false,
      reason: "missing",
    });
    // One changed byte of the body breaks it.
    expect(
      verifyZendeskSignature({
        ...base,
        rawBody: Buffer.from('{"say": "hellO"}'),
        now: new Date(t),
      }),
    ).toEqual({ ok: false, reason: "mismatch" });
  });
});

describe("webhook bodies", () => {
  it("reads our trigger body, Zendesk event subscriptions and Freshdesk's two styles", () => {
    expect(
      parseZendeskEvent({ ticket_id: "42", updated_at: "2026-01-01T00:00:00Z" }),
    ).toMatchObject({
      ticketId: "42",
      hasEventMarker: true,
    });
    expect(
      parseZendeskEvent({
        id: "evt-1",
        type: "zen:event-type:ticket.created",
        detail: { id: "43" },
      }),
    ).toMatchObject({
      ticketId: "43",
      deliveryId: "evt-1",
      event: "zen:event-type:ticket.created",
    });
    expect(
      parseFreshdeskEvent({
        freshdesk_webhook: { ticket_id: "11", triggered_event: "{ticket_action:created}" },
      }),
    ).toMatchObject({
      ticketId: "11",
      event: "{ticket_action:created}",
    });
    expect(parseFreshdeskEvent({ ticket_id: 12, event: "customer_reply" })).toMatchObject({
      ticketId: "12",
    });
    expect(parseZendeskEvent({ ticket_id: "../../etc" }).ticketId).toBeNull();
  });

  it("keys deliveries so redeliveries collide and distinct events do not", () => {
    const body = Buffer.from('{"ticket_id":"1"}');
    const event = parseZendeskEvent({ ticket_id: "1" });
    const a = deliveryKey({
      headerId: null,
      event,
      rawBody: body,
      timestamp: "2026-01-01T00:00:00Z",
    });
    const b = deliveryKey({
      headerId: null,
      event,
      rawBody: body,
      timestamp: "2026-01-01T00:00:00Z",
    });
    const c = deliveryKey({
      headerId: null,
      event,
      rawBody: body,
      timestamp: "2026-01-01T00:05:00Z",
    });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(deliveryKey({ headerId: "inv-1", event, rawBody: body, timestamp: null })).toBe(
      deliveryKey({ headerId: "inv-1", event, rawBody: Buffer.from("{}"), timestamp: "x" }),
    );
  });
});
