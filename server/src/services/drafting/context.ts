import { createHash, randomBytes } from "node:crypto";
import type { TicketContext, TicketMessage } from "@tandem/shared";
import type { PiiMasker } from "./pii";

/**
 * Rough token count without a tokenizer: ~4 characters per token for Latin text, one per
 * CJK character. Used for budgets, where being a little pessimistic is fine.
 */
export function estimateTokens(text: string): number {
  const cjk = (text.match(/[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]/g) ?? []).length;
  return Math.ceil((text.length - cjk) / 3.7) + cjk;
}

/**
 * The revision of a ticket's conversation: a new, edited or removed message changes it;
 * status or tag changes (often our own approved actions) do not.
 */
export function ticketRevision(ticket: TicketContext): string {
  const hash = createHash("sha256");
  hash.update(`v1\u0000${ticket.subject}\u0000${ticket.requester.locale ?? ""}`);
  for (const m of ticket.messages) {
    hash.update(`\u0001${m.id}\u0000${m.author}\u0000${m.public ? 1 : 0}\u0000${m.body}`);
  }
  return `r1-${hash.digest("hex").slice(0, 32)}`;
}

const QUOTE_HEADERS = [
  /^\s*On .{5,200} wrote:\s*$/im,
  /^\s*El .{5,200} escribió:\s*$/im,
  /^\s*Am .{5,200} schrieb .{0,200}:\s*$/im,
  /^\s*Le .{5,200} a écrit\s*:\s*$/im,
  /^\s*Em .{5,200} escreveu:\s*$/im,
  /^\s*Il giorno .{5,200} ha scritto:\s*$/im,
  /^\s*Op .{5,200} schreef .{0,200}:\s*$/im,
  /^\s*-{2,}\s*(?:Original Message|Mensaje original|Ursprüngliche Nachricht|Message d'origine)\s*-{2,}/im,
  /^\s*(?:From|De|Von|Van|Da):\s.+\n\s*(?:Sent|Enviado|Gesendet|Envoyé|Verzonden|Inviato|Date|Datum|Fecha):/im,
];

/** Drops quoted history and collapses whitespace: the earlier messages are in the thread anyway. */
export function cleanBody(body: string): string {
  let text = body.replace(/\r\n?/g, "\n");
  // Helpdesks sometimes send HTML bodies; keep the words only.
  if (/<\/?(?:p|div|br|span|table|html)[\s>/]/i.test(text)) {
    text = text
      .replace(/<(?:br|\/p|\/div|\/li|\/tr)\s*\/?>/gi, "\n")
      .replace(/<[^>]+>/g, "")
      .replace(/&nbsp;/g, " ")
      .replace(/&amp;/g, "&")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'");
  }
  for (const re of QUOTE_HEADERS) {
    const match = re.exec(text);
    if (match && match.index > 0) text = text.slice(0, match.index);
  }
  text = text
    .split("\n")
    .filter((line) => !/^\s*>/.test(line))
    .join("\n");
  return text
    .replace(/[ \t]+/g, " ")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function firstSentences(text: string, maxChars: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= maxChars) return flat;
  const cut = flat.slice(0, maxChars);
  const stop = Math.max(cut.lastIndexOf(". "), cut.lastIndexOf("? "), cut.lastIndexOf("! "));
  return `${stop > maxChars * 0.4 ? cut.slice(0, stop + 1) : cut.trimEnd()} …`;
}

/** The customer's last three public messages, newest first, cleaned (unmasked: stays here). */
export function customerTextOf(ticket: TicketContext): string {
  return ticket.messages
    .filter((m) => m.public && m.author === "customer")
    .slice(-3)
    .reverse()
    .map((m) => cleanBody(m.body))
    .join("\n\n");
}

export interface ContextBudget {
  /** Public thread, latest customer message included. */
  threadTokens: number;
  internalNotesTokens: number;
  /** The latest customer message is kept whole up to this size (then cut, with a marker). */
  latestMessageMaxTokens: number;
}

export const DEFAULT_BUDGET: ContextBudget = {
  threadTokens: 1_800,
  internalNotesTokens: 300,
  latestMessageMaxTokens: 1_200,
};

export interface ThreadContext {
  /** The fenced, masked thread for the prompt. */
  thread: string;
  /** Agent-only notes, masked; never to be quoted to the customer. */
  internalNotes: string;
  latestCustomerMessage: string;
  /** Unmasked customer text (latest first), for detection and retrieval on our side. */
  customerText: string;
  fence: string;
  stats: {
    messages: number;
    included: number;
    condensed: number;
    omitted: number;
    internalNotes: number;
    tokens: number;
  };
}

function label(m: TicketMessage, ticket: TicketContext): string {
  const who =
    m.author === "customer"
      ? `customer${m.authorName ? ` ${m.authorName}` : ticket.requester.name ? ` ${ticket.requester.name}` : ""}`
      : m.author === "agent"
        ? `agent${m.authorName ? ` ${m.authorName}` : ""}`
        : "system";
  return `${m.createdAt.slice(0, 16).replace("T", " ")} · ${who}`;
}

/**
 * Lays the ticket out for the model within a token budget. The latest customer message is
 * always whole; then messages are added newest first while the budget lasts, older ones are
 * condensed to their first sentences, and whatever is left is replaced by an explicit marker
 * saying how many messages were left out. Text is masked and fenced so it reads as data.
 */
export function buildThreadContext(
  ticket: TicketContext,
  masker: PiiMasker,
  budget: ContextBudget = DEFAULT_BUDGET,
): ThreadContext {
  const fence = `TICKET-${randomBytes(4).toString("hex")}`;
  const neutralize = (text: string) => text.replaceAll(fence, "[fence]");
  const publicMessages = ticket.messages.filter((m) => m.public);
  const notes = ticket.messages.filter((m) => !m.public);

  let latestIndex = -1;
  for (let i = publicMessages.length - 1; i >= 0; i -= 1) {
    if (publicMessages[i]?.author === "customer") {
      latestIndex = i;
      break;
    }
  }
  if (latestIndex < 0) latestIndex = publicMessages.length - 1;

  const blocks: string[] = new Array(publicMessages.length).fill("");
  let used = 0;
  let included = 0;
  let condensed = 0;
  let latestCustomerMessage = "";

  const latest = publicMessages[latestIndex];
  if (latest) {
    let body = masker.mask(cleanBody(latest.body));
    const maxChars = budget.latestMessageMaxTokens * 4;
    if (estimateTokens(body) > budget.latestMessageMaxTokens) {
      const omitted = body.length - maxChars;
      body = `${body.slice(0, maxChars)}\n[… message cut here: ${omitted} more characters not shown …]`;
    }
    latestCustomerMessage = body;
    blocks[latestIndex] = `[${label(latest, ticket)} · LATEST]\n${neutralize(body)}`;
    used += estimateTokens(blocks[latestIndex] ?? "");
    included += 1;
  }

  // The first message states the original problem: it gets a condensed slot before the rest.
  const order: number[] = [];
  if (latestIndex > 0) order.push(0);
  for (let i = publicMessages.length - 1; i >= 1; i -= 1) if (i !== latestIndex) order.push(i);
  const condenseFrom = budget.threadTokens * 0.75;
  for (const i of order) {
    const m = publicMessages[i];
    if (!m) continue;
    const body = masker.mask(cleanBody(m.body));
    const full = `[${label(m, ticket)}]\n${neutralize(body)}`;
    const fullTokens = estimateTokens(full);
    if (i !== 0 && used + fullTokens <= condenseFrom) {
      blocks[i] = full;
      used += fullTokens;
      included += 1;
      continue;
    }
    const short = `[${label(m, ticket)} · condensed]\n${neutralize(firstSentences(body, 240))}`;
    const shortTokens = estimateTokens(short);
    if (i === 0 && used + fullTokens <= condenseFrom) {
      blocks[i] = full;
      used += fullTokens;
      included += 1;
    } else if (used + shortTokens <= budget.threadTokens) {
      blocks[i] = short;
      used += shortTokens;
      condensed += 1;
    }
  }

  // Consecutive left-out messages become one marker each, so nothing disappears silently.
  const parts: string[] = [];
  let omitted = 0;
  let run: TicketMessage[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const fromCustomer = run.filter((m) => m.author === "customer").length;
    const first = run[0]?.createdAt.slice(0, 10);
    const last = run[run.length - 1]?.createdAt.slice(0, 10);
    parts.push(
      `[… ${run.length} earlier message${run.length === 1 ? "" : "s"} omitted to fit the context (${fromCustomer} from the customer, ${run.length - fromCustomer} from agents/system), ${first === last ? first : `${first} to ${last}`} …]`,
    );
    omitted += run.length;
    run = [];
  };
  publicMessages.forEach((m, i) => {
    const block = blocks[i];
    if (block) {
      flush();
      parts.push(block);
    } else run.push(m);
  });
  flush();

  const noteParts: string[] = [];
  let noteTokens = 0;
  for (let i = notes.length - 1; i >= 0; i -= 1) {
    const m = notes[i];
    if (!m) continue;
    const text = `[${label(m, ticket)} · internal note]\n${neutralize(firstSentences(masker.mask(cleanBody(m.body)), 600))}`;
    const t = estimateTokens(text);
    if (noteTokens + t > budget.internalNotesTokens) {
      noteParts.unshift(`[… ${i + 1} older internal note${i === 0 ? "" : "s"} omitted …]`);
      break;
    }
    noteParts.unshift(text);
    noteTokens += t;
  }

  const customerText = customerTextOf(ticket);

  return {
    thread: parts.join("\n\n"),
    internalNotes: noteParts.join("\n\n"),
    latestCustomerMessage,
    customerText,
    fence,
    stats: {
      messages: ticket.messages.length,
      included,
      condensed,
      omitted,
      internalNotes: notes.length,
      tokens: used + noteTokens,
    },
  };
}
