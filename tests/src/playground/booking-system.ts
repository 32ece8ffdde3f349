import { createHmac, timingSafeEqual } from "node:crypto";
import { Hono } from "hono";
import { escapeHtml } from "../simulators/shared/sim-ticket";
import { DEMO_BOOKINGS, type DemoBooking } from "./demo-data";

/** One change the booking system applied, as its operators would see it in an audit log. */
export interface BookingChange {
  at: string;
  bookingId: string;
  from: { checkIn: string; checkOut: string };
  to: { checkIn: string; checkOut: string };
  /** Who approved, when Tandem says (draft decisions carry it; approval requests name theirs). */
  approvedBy: string | null;
  approvalId: string | null;
  executionId: string;
  source: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const REPLAY_WINDOW_SECONDS = 300;

/** `X-Tandem-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>`, as documented. */
export function verifyTandemSignature(
  secrets: string[],
  header: string | undefined,
  timestamp: string | undefined,
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  if (!header || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > REPLAY_WINDOW_SECONDS) return false;
  const offered = header.split(",").map((part) => Buffer.from(part.trim()));
  return secrets.some((secret) => {
    const expected = Buffer.from(
      `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`,
    );
    return offered.some((o) => o.length === expected.length && timingSafeEqual(o, expected));
  });
}

/**
 * A small fake of the travel company's booking system: Tandem's `change_booking_dates` business
 * action posts here (signed), and its page shows the bookings and every change made.
 */
export class BookingSystem {
  private bookings = new Map<string, DemoBooking>();
  readonly changes: BookingChange[] = [];
  /** Webhook secrets of the installations allowed to call (one per demo installation). */
  secrets: string[] = [];
  private confirmations = 0;
  private readonly processed = new Map<string, unknown>();

  constructor() {
    this.reset();
  }

  reset(): void {
    this.bookings = new Map(DEMO_BOOKINGS.map((b) => [b.id, { ...b }]));
    this.changes.length = 0;
    this.processed.clear();
  }

  list(): DemoBooking[] {
    return [...this.bookings.values()].map((b) => ({ ...b }));
  }

  get(id: string): DemoBooking | undefined {
    const booking = this.bookings.get(id);
    return booking ? { ...booking } : undefined;
  }

  /** Puts one booking back to its original dates (the demo's "start over"). */
  restore(id: string): void {
    const original = DEMO_BOOKINGS.find((b) => b.id === id);
    if (original) this.bookings.set(id, { ...original });
  }

  routes(): Hono {
    return new Hono()
      .get("/", (c) => c.html(this.page()))
      .get("/api/bookings", (c) => c.json({ bookings: this.list(), changes: this.changes }))
      .post("/api/change-dates", async (c) => {
        const raw = await c.req.text();
        if (
          !verifyTandemSignature(
            this.secrets,
            c.req.header("x-tandem-signature"),
            c.req.header("x-tandem-timestamp"),
            raw,
          )
        ) {
          return c.json({ error: "invalid signature" }, 401);
        }
        // Tandem retries with the same Idempotency-Key: answer the first outcome again.
        const key = c.req.header("idempotency-key") ?? "";
        const earlier = this.processed.get(key);
        if (key && earlier) return c.json(earlier);
        let payload: {
          executionId?: string;
          source?: string;
          action?: { params?: Record<string, unknown> };
          approvedBy?: { name?: string };
          approvalId?: string;
        };
        try {
          payload = JSON.parse(raw);
        } catch {
          return c.json({ error: "invalid JSON" }, 400);
        }
        const params = payload.action?.params ?? {};
        const { bookingId, checkIn, checkOut } = params as Record<string, unknown>;
        if (typeof bookingId !== "string" || !this.bookings.has(bookingId)) {
          return c.json({ error: `unknown booking ${String(bookingId)}` }, 404);
        }
        if (
          typeof checkIn !== "string" ||
          typeof checkOut !== "string" ||
          !DATE.test(checkIn) ||
          !DATE.test(checkOut) ||
          checkOut <= checkIn
        ) {
          return c.json({ error: "check-out must be after check-in (YYYY-MM-DD)" }, 422);
        }
        const booking = this.bookings.get(bookingId) as DemoBooking;
        this.changes.unshift({
          at: new Date().toISOString(),
          bookingId,
          from: { checkIn: booking.checkIn, checkOut: booking.checkOut },
          to: { checkIn, checkOut },
          approvedBy: payload.approvedBy?.name ?? null,
          approvalId: payload.approvalId ?? null,
          executionId: payload.executionId ?? "",
          source: payload.source ?? "",
        });
        booking.checkIn = checkIn;
        booking.checkOut = checkOut;
        this.confirmations += 1;
        const answer = {
          bookingId,
          checkIn,
          checkOut,
          confirmation: `CNF-${String(4400 + this.confirmations)}`,
        };
        if (key) this.processed.set(key, answer);
        return c.json(answer);
      });
  }

  private page(): string {
    const rows = this.list()
      .map(
        (b) =>
          `<tr data-booking="${escapeHtml(b.id)}"><th scope="row">${escapeHtml(b.id)}</th><td>${escapeHtml(b.guest)}</td><td>${escapeHtml(b.property)}</td><td data-field="checkIn">${escapeHtml(b.checkIn)}</td><td data-field="checkOut">${escapeHtml(b.checkOut)}</td></tr>`,
      )
      .join("");
    const changes = this.changes.length
      ? this.changes
          .map(
            (ch) =>
              `<li><time datetime="${escapeHtml(ch.at)}">${escapeHtml(ch.at.slice(11, 19))}</time> <strong>${escapeHtml(ch.bookingId)}</strong>: ${escapeHtml(ch.from.checkIn)} → ${escapeHtml(ch.from.checkOut)} became <strong>${escapeHtml(ch.to.checkIn)} → ${escapeHtml(ch.to.checkOut)}</strong>, ${ch.approvedBy ? `approved by ${escapeHtml(ch.approvedBy)}` : ch.approvalId ? "approved by a human in the helpdesk" : "approved"} via Tandem (${escapeHtml(ch.source)}, signature verified)</li>`,
          )
          .join("")
      : "<li>No changes yet. Approve a date change in a helpdesk sidebar and it shows up here.</li>";
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Booking system (demo)</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1f2933}
header{background:#0b4f6c;color:#fff;padding:14px 24px}header a{color:#fff}
main{max-width:980px;margin:24px auto;padding:0 24px}
table{border-collapse:collapse;width:100%;background:#fff;border-radius:8px;overflow:hidden}
th,td{text-align:left;padding:10px 12px;border-bottom:1px solid #e4e7eb}thead th{background:#e8eef2}
ul{background:#fff;border-radius:8px;padding:12px 12px 12px 32px}
</style></head>
<body><header><strong>Booking system</strong> · a fake back office that Tandem's <code>change_booking_dates</code> action calls · <a href="/">Playground home</a></header>
<main><h1>Bookings</h1>
<table aria-label="Bookings"><thead><tr><th scope="col">Reference</th><th scope="col">Guest</th><th scope="col">Property</th><th scope="col">Check-in</th><th scope="col">Check-out</th></tr></thead><tbody>${rows}</tbody></table>
<h2>Changes</h2><ul aria-label="Changes">${changes}</ul>
<p>This page refreshes every few seconds.</p></main>
<script>setTimeout(() => location.reload(), 3000)</script>
</body></html>`;
  }
}
