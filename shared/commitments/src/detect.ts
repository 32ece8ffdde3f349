import { type CommitmentKind, CommitmentKinds } from "@tandem/shared";
import { PACKS } from "./languages";
import type { LanguagePack } from "./pattern";

/** A sentence of a reply that states or promises an action, with its place in the text. */
export interface DetectedCommitment {
  kind: CommitmentKind;
  /** The whole sentence, trimmed. */
  text: string;
  /** `text` is `source.slice(start, end)`. */
  start: number;
  end: number;
}

export interface Sentence {
  text: string;
  start: number;
  end: number;
}

const CLOSERS = new Set(['"', "'", "”", "’", "»", ")", "]", "」", "』"]);
const ENDS = new Set([".", "!", "?", "…"]);
const WIDE_ENDS = new Set(["。", "！", "？"]);

/**
 * Sentences with their offsets: a line break always ends one; `. ! ? …` end one before a space
 * (so "5.7" and "ORD-1.2" do not); `。！？` end one wherever they stand.
 */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let start = 0;
  const push = (end: number) => {
    let from = start;
    let to = end;
    while (from < to && /[\s\-–—•*>]/u.test(text[from] as string)) from++;
    while (to > from && /\s/u.test(text[to - 1] as string)) to--;
    if (to > from) sentences.push({ text: text.slice(from, to), start: from, end: to });
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === "\n" || ch === "\r") {
      push(i);
      start = i + 1;
      continue;
    }
    const wide = WIDE_ENDS.has(ch);
    if (!wide && !ENDS.has(ch)) continue;
    let end = i + 1;
    while (end < text.length && (ENDS.has(text[end] as string) || CLOSERS.has(text[end] as string)))
      end++;
    // "am 10. März": a day number before a word is an ordinal, not the end of a sentence.
    const ordinal =
      ch === "." &&
      end === i + 1 &&
      /(?:^|\s)\d{1,2}$/u.test(text.slice(Math.max(0, i - 3), i)) &&
      /^\s+\p{L}/u.test(text.slice(end, end + 3));
    if (!ordinal && (wide || end >= text.length || /\s/u.test(text[end] as string))) {
      push(end);
      start = end;
      i = end - 1;
    }
  }
  push(text.length);
  return sentences;
}

/** The part of `sentence` before `index` that starts after the last of `stops`. */
function tail(sentence: string, index: number, stops: RegExp): string {
  const before = sentence.slice(0, index);
  let cut = 0;
  for (let i = before.length - 1; i >= 0; i--) {
    if (stops.test(before[i] as string)) {
      cut = i + 1;
      break;
    }
  }
  return before.slice(cut);
}

const CLAUSE_STOPS = /[;:]/u;
const COMMA_STOPS = /[,;:，、；：]/u;

/** A question asks, it does not promise: "Would you like me to cancel your order?". */
function asked(sentence: string, start: number, end: number): boolean {
  const after = sentence.slice(end);
  const clauseEnd = after.search(/[,;:，、；：]/u);
  const rest = clauseEnd === -1 ? after : after.slice(0, clauseEnd);
  if (/[?？]/u.test(rest)) return true;
  return /[¿]/u.test(tail(sentence, start, COMMA_STOPS));
}

function voided(pack: LanguagePack, sentence: string, start: number, end: number): boolean {
  if (asked(sentence, start, end)) return true;
  if (pack.conditional.test(tail(sentence, start, CLAUSE_STOPS))) return true;
  if (pack.negation?.test(tail(sentence, start, COMMA_STOPS))) return true;
  if (pack.after?.test(sentence.slice(end))) return true;
  return false;
}

const BY_LANGUAGE = new Map(PACKS.map((pack) => [pack.language, pack]));

/** `pt-BR` → `pt`. */
function baseLanguage(language: string | undefined): string | null {
  const match = language ? /^([a-z]{2,3})(?:[-_]|$)/i.exec(language.trim()) : null;
  return match?.[1] ? match[1].toLowerCase() : null;
}

/**
 * The languages to read a text in: the given one and English (replies mix them); every known
 * language when none is given or it is not one we know.
 */
function packsFor(language: string | undefined): LanguagePack[] {
  const code = baseLanguage(language);
  const pack = code ? BY_LANGUAGE.get(code) : undefined;
  if (!pack) return PACKS;
  const english = BY_LANGUAGE.get("en");
  return english && english !== pack ? [pack, english] : [pack];
}

/**
 * The sentences of `text` that state or promise an action — a refund issued or approved, a
 * booking changed, an order cancelled, a replacement sent, the case escalated, assigned or handed
 * to a team, "I have asked our travel team to move your booking" — one entry per sentence and
 * kind, in text order. Mentions ("our refund policy"), offers ("we can refund"), questions,
 * negations and conditionals ("if you want a refund", "a colleague will confirm whether we
 * can…") are not commitments. Pure and fast enough to run on every keystroke.
 *
 * `language` (ISO 639-1, e.g. `es` or `pt-BR`) narrows the rules to that language and English;
 * without it, or for a language without rules, every language's rules apply.
 */
export function detectCommitments(text: string, language?: string): DetectedCommitment[] {
  const packs = packsFor(language);
  const key = packs.map((pack) => pack.language).join(",");
  const found: DetectedCommitment[] = [];
  for (const sentence of splitSentences(text)) {
    for (const kind of kindsOf(sentence.text, packs, key)) found.push({ kind, ...sentence });
  }
  return found;
}

/**
 * Sentences already read, by languages and text: as the agent types, only the sentence being
 * edited is read again.
 */
const memo = new Map<string, CommitmentKind[]>();
const MEMO_SIZE = 2_000;

function kindsOf(sentence: string, packs: LanguagePack[], key: string): CommitmentKind[] {
  const memoKey = `${key}\u0000${sentence}`;
  const known = memo.get(memoKey);
  if (known) return known;
  // Rules are lower case: the text is lowered once instead of matching case-insensitively.
  const lower = sentence.toLowerCase();
  const kinds = new Set<CommitmentKind>();
  for (const pack of packs) {
    for (const { kind, pattern, frame } of pack.rules) {
      if (kinds.has(kind) || !pack.hints[kind].test(lower)) continue;
      // `exec` on the rule itself, not `matchAll`: matchAll copies the expression, and a copy
      // starts again in V8's slow regexp interpreter instead of the compiled code.
      pattern.lastIndex = 0;
      for (let match = pattern.exec(lower); match; match = pattern.exec(lower)) {
        if (match[0].length === 0) pattern.lastIndex++;
        let start = match.index;
        if (frame) {
          const framed = frame.exec(lower.slice(0, start));
          if (!framed) continue;
          start = framed.index;
        }
        if (voided(pack, lower, start, match.index + match[0].length)) continue;
        kinds.add(kind);
        break;
      }
    }
  }
  const result = CommitmentKinds.filter((kind) => kinds.has(kind));
  if (memo.size >= MEMO_SIZE) memo.clear();
  memo.set(memoKey, result);
  return result;
}
