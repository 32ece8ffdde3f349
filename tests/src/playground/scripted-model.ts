import { Hono } from "hono";

/**
 * The travel demo's language model: a deterministic, OpenAI-compatible chat-completions endpoint
 * the Agents SDK talks to like any model, so the playground works offline and the same way every
 * time. It reads the customer's turn, calls `change_booking_dates` when it can tell the new
 * dates, and words the answer from the tool's outcome (which carries the human's decision).
 */

interface ChatMessage {
  role: string;
  content?: unknown;
  tool_calls?: unknown;
}

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
const MONTH = `(${MONTHS.map((m) => m.slice(0, 3)).join("|")})[a-z]*\\.?`;
const DASH = "\\s*(?:-|–|—|to|until|till)\\s*";

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part) =>
        part && typeof part === "object" && "text" in part
          ? String((part as { text: unknown }).text)
          : "",
      )
      .join("");
  }
  return "";
}

const pad = (n: number) => String(n).padStart(2, "0");
const iso = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;

function validDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function addDays(value: string, days: number): string {
  const date = new Date(`${value}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export interface BookingContext {
  bookingId: string;
  checkIn: string;
  checkOut: string;
}

/** The booking the session context line names: "booking BK-1042 … check-in X, check-out Y". */
export function parseBookingContext(text: string): BookingContext | null {
  const m =
    /booking (BK-\d+)[^\n]*?check-in (\d{4}-\d{2}-\d{2}), check-out (\d{4}-\d{2}-\d{2})/.exec(text);
  return m
    ? { bookingId: m[1] as string, checkIn: m[2] as string, checkOut: m[3] as string }
    : null;
}

/** New dates asked for in free text, relative to the current booking; null if none are clear. */
export function parseRequestedDates(
  text: string,
  current: BookingContext,
): { checkIn: string; checkOut: string } | null {
  const lower = text.toLowerCase();
  const year = Number(current.checkIn.slice(0, 4));
  const isoDates = lower.match(/\d{4}-\d{2}-\d{2}/g) ?? [];
  if (isoDates.length >= 2)
    return { checkIn: isoDates[0] as string, checkOut: isoDates[1] as string };
  const monthIndex = (name: string) => MONTHS.findIndex((m) => m.startsWith(name.slice(0, 3))) + 1;
  // "10–17 March", "10 to 17 march"
  let m = new RegExp(
    `(\\d{1,2})(?:st|nd|rd|th)?${DASH}(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH}`,
  ).exec(lower);
  if (m) {
    const month = monthIndex(m[3] as string);
    return { checkIn: iso(year, month, Number(m[1])), checkOut: iso(year, month, Number(m[2])) };
  }
  // "March 10–17"
  m = new RegExp(`${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?${DASH}(\\d{1,2})`).exec(lower);
  if (m) {
    const month = monthIndex(m[1] as string);
    return { checkIn: iso(year, month, Number(m[2])), checkOut: iso(year, month, Number(m[3])) };
  }
  // "a week later", "two weeks later", "3 days later", "a week earlier"
  m = /\b(a|one|two|three|\d+)\s+(week|day)s?\s+(later|earlier|sooner)\b/.exec(lower);
  if (m) {
    const words: Record<string, number> = { a: 1, one: 1, two: 2, three: 3 };
    const count = words[m[1] as string] ?? Number(m[1]);
    const days = count * (m[2] === "week" ? 7 : 1) * (m[3] === "later" ? 1 : -1);
    return { checkIn: addDays(current.checkIn, days), checkOut: addDays(current.checkOut, days) };
  }
  return null;
}

function humanDate(value: string): string {
  const [y, mo, d] = value.split("-").map(Number) as [number, number, number];
  const month = MONTHS[mo - 1] ?? "";
  return `${d} ${month.charAt(0).toUpperCase()}${month.slice(1)} ${y}`;
}

function findConfirmation(value: unknown): string | null {
  if (!value || typeof value !== "object") return null;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (key === "confirmation" && typeof inner === "string") return inner;
    const nested = findConfirmation(inner);
    if (nested) return nested;
  }
  return null;
}

/** The assistant's words after the tool reported the human's decision. */
export function replyToOutcome(output: string): string {
  let outcome: {
    status?: string;
    appliedParams?: { bookingId?: string; checkIn?: string; checkOut?: string };
    editedByHuman?: boolean;
    bookingSystem?: unknown;
  } = {};
  try {
    outcome = JSON.parse(output);
  } catch {
    // An unreadable outcome is treated like no decision.
  }
  const params = outcome.appliedParams ?? {};
  if (outcome.status === "executed" && params.checkIn && params.checkOut) {
    const confirmation = findConfirmation(outcome.bookingSystem);
    return [
      `All done: booking ${params.bookingId ?? ""} now runs from ${humanDate(params.checkIn)} to ${humanDate(params.checkOut)}.`,
      outcome.editedByHuman
        ? "My colleague adjusted the dates slightly so they fit the hotel's availability."
        : "",
      confirmation ? `Your confirmation number is ${confirmation}.` : "",
      "An updated voucher is on its way to your inbox. Anything else I can do for you?",
    ]
      .filter(Boolean)
      .join(" ");
  }
  if (outcome.status === "approved") {
    return "Your change is approved and being processed by our booking system. You will receive the updated voucher by email shortly.";
  }
  return "I'm sorry, I couldn't make that change myself. A colleague from our travel team will follow up with you by email shortly to sort it out.";
}

function completion(message: Record<string, unknown>, finishReason: string) {
  return {
    id: `chatcmpl-demo-${Date.now().toString(36)}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: "trip-bot-scripted",
    choices: [{ index: 0, finish_reason: finishReason, logprobs: null, message }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}

let calls = 0;

/** What the scripted model answers to one chat-completions request. */
export function scriptedAnswer(messages: ChatMessage[]): ReturnType<typeof completion> {
  const last = messages.at(-1);
  if (last?.role === "tool") {
    return completion(
      { role: "assistant", content: replyToOutcome(textOf(last.content)), refusal: null },
      "stop",
    );
  }
  const user = textOf([...messages].reverse().find((m) => m.role === "user")?.content);
  const booking = parseBookingContext(user);
  const customerText = user.split(/\n\s*Customer:\s*/).at(-1) ?? user;
  const dates = booking ? parseRequestedDates(customerText, booking) : null;
  if (!booking || !dates || !validDate(dates.checkIn) || !validDate(dates.checkOut)) {
    return completion(
      {
        role: "assistant",
        content:
          "Happy to help with your booking. Which dates would you like instead? For example: " +
          '"Please move it to 10–17 March" or "a week later".',
        refusal: null,
      },
      "stop",
    );
  }
  calls += 1;
  return completion(
    {
      role: "assistant",
      content: null,
      refusal: null,
      tool_calls: [
        {
          id: `call_demo_${calls}`,
          type: "function",
          function: {
            name: "change_booking_dates",
            arguments: JSON.stringify({ bookingId: booking.bookingId, ...dates }),
          },
        },
      ],
    },
    "tool_calls",
  );
}

/** Mount at `…/v1`: the OpenAI SDK posts to `${baseURL}/chat/completions`. */
export function scriptedModelRoutes(): Hono {
  return new Hono().post("/chat/completions", async (c) => {
    const body = (await c.req.json().catch(() => null)) as { messages?: ChatMessage[] } | null;
    if (!body || !Array.isArray(body.messages)) {
      return c.json({ error: { message: "messages are required", type: "invalid_request" } }, 400);
    }
    return c.json(scriptedAnswer(body.messages));
  });
}
