import type { CommitmentKind } from "@tandem/shared";

/**
 * Building blocks for the per-language rules. Every rule is a regular expression that matches a
 * phrase committing the writer to an action (a subject and a tense that state it was done, is
 * being done or will be done); mentions ("our refund policy"), offers ("we can refund") and
 * questions never match a rule, and conditionals are voided by the language's `conditional`.
 */

/** Start of a word (an apostrophe before it counts as a letter: "n'avons" is not "avons"). */
export const B = String.raw`(?<![\p{L}\p{N}_'’])`;
/** End of a word. */
export const E = String.raw`(?![\p{L}\p{N}_])`;
/** One word of a clause: no spaces and no clause or sentence punctuation. */
export const WORD = String.raw`[^\s.!?,;:¿¡()"“”«»]+`;

export const alt = (...parts: string[]): string => `(?:${parts.join("|")})`;

/**
 * The source with its literal letters in lower case (escapes such as `\S` kept, `\p{…}` spelled
 * out): texts are lower-cased once and matched without the `i` flag, several times faster.
 */
export function lowerSource(source: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] as string;
    if (ch !== "\\") {
      if (ch === "[") inClass = true;
      else if (ch === "]") inClass = false;
      out += ch.toLowerCase();
      continue;
    }
    const next = source[i + 1] ?? "";
    if ((next === "p" || next === "P") && source[i + 2] === "{") {
      const close = source.indexOf("}", i);
      const name = source.slice(i + 3, close);
      const ranges = next === "p" ? CLASSES[name] : undefined;
      if (!ranges) throw new Error(`unsupported class \\${next}{${name}} in a commitment rule`);
      out += inClass ? ranges : `[${ranges}]`;
      i = close;
    } else {
      out += ch + next;
      i++;
    }
  }
  return out;
}

/**
 * `\p{…}` classes as ranges: `L` and `N` as the lower-case letters and digits of the
 * Latin-script languages the rules read, and the Japanese scripts. The full Unicode classes
 * compile to far larger matchers (seconds for all the rules).
 */
const CLASSES: Record<string, string> = {
  L: "a-z\\u00df-\\u00f6\\u00f8-\\u00ff\\u0100-\\u024f\\u1e00-\\u1eff",
  N: "0-9",
  "Script=Han": "\\u3400-\\u4dbf\\u4e00-\\u9fff",
  "Script=Katakana": "\\u30a0-\\u30ff\\u31f0-\\u31ff",
};

/**
 * A global rule for lower-cased text. Without the `u` flag: every class is spelled out above,
 * and the compiled matchers are much smaller (the first check of a reply stays fast).
 */
export function rule(source: string): RegExp {
  return new RegExp(lowerSource(source), "g");
}

/** A test (no state between calls) for lower-cased text. */
export function test(source: string): RegExp {
  return new RegExp(lowerSource(source));
}

/**
 * One rule: `pattern` matches the action phrase; `frame`, when set, must match the text right
 * before it (it ends with `$`): the subject and tense that make the phrase a commitment. Kept
 * apart so each frame is compiled once, not once per kind.
 */
export interface Rule {
  kind: CommitmentKind;
  pattern: RegExp;
  frame?: RegExp;
}

export type Rules = Rule[];

export interface LanguagePack {
  /** ISO 639-1 code. */
  language: string;
  rules: Rules;
  /**
   * Tested on the sentence before a match (from the last `;` or `:`): a conditional or an
   * indirect question ("if you want a refund…", "a colleague will confirm whether we can…")
   * makes the phrase a possibility, not a promise.
   */
  conditional: RegExp;
  /** Tested on the clause just before a match (from the last `,`): a negation right before it. */
  negation?: RegExp;
  /** Tested on the text right after a match, for languages whose clause ends with its verb. */
  after?: RegExp;
  /**
   * Per kind, stems every rule of that kind needs: a sentence without any of them skips the
   * kind's rules, which keeps detection fast enough for every keystroke.
   */
  hints: Record<CommitmentKind, RegExp>;
}

/** A kind's hint: any of the stems, anywhere, in lower-cased text. */
export function hint(stems: string): RegExp {
  return test(stems);
}

/**
 * The form a committing frame needs from the action phrase that follows it: `done` a past
 * participle ("I have" + "refunded"), `will` an infinitive ("I will", "voy a"), `doing` a
 * gerund ("we are" + "processing…"), `now` a finite verb that commits by itself (a first-person
 * preterite or future: "reembolsé", "annulerai"), `present` a present tense that commits only
 * after a pronoun naming the customer ("te devolvemos", "nous vous remboursons"), `subj` the
 * verb after "asked the team that…" (subjunctive or infinitive, by language).
 */
export type Form = "done" | "will" | "doing" | "now" | "present" | "subj";

export type Lexicon = Record<CommitmentKind, Partial<Record<Form, string>>>;

/**
 * Every frame of a form joined to every kind's phrase of that form: e.g. the English "done"
 * frames ("I have", "we've already") before "approved the full refund".
 */
export function compose(
  frames: Partial<Record<Form, string[]>>,
  lexicon: Lexicon,
  end: string = E,
): Rules {
  const compiled = new Map<Form, RegExp>();
  const rules: Rules = [];
  for (const [kind, phrases] of Object.entries(lexicon) as Array<
    [CommitmentKind, Partial<Record<Form, string>>]
  >) {
    for (const [form, phrase] of Object.entries(phrases) as Array<[Form, string]>) {
      const prefixes = frames[form];
      if (!prefixes || prefixes.length === 0) continue;
      let frame = compiled.get(form);
      if (!frame) {
        frame = test(`${alt(...prefixes)}$`);
        compiled.set(form, frame);
      }
      rules.push({ kind, pattern: rule(`${phrase}${end}`), frame });
    }
  }
  return rules;
}

/**
 * Rule sources of a language whose promises are its phrases after frames: each phrase's done
 * form after `done` ("we have …") and its future form after `will` ("we will …"), and each task
 * after `asked` ("we asked the team to …").
 */
export function framedPhrases(
  frames: { done: string; will: string; asked: string },
  phrases: Array<readonly [CommitmentKind, string, string]>,
  tasks: Array<readonly [CommitmentKind, string]>,
): Array<readonly [CommitmentKind, string]> {
  return [
    ...phrases.flatMap(
      ([kind, done, will]) =>
        [
          [kind, `${frames.done}${done}`],
          [kind, `${frames.will}${will}`],
        ] as const,
    ),
    ...tasks.map(([kind, task]) => [kind, `${frames.asked}${task}`] as const),
  ];
}

/** Rules given one by one, each ending at a word end unless `end` says otherwise. */
export function rules(list: Array<readonly [CommitmentKind, string]>, end: string = E): Rules {
  return list.map(([kind, source]) => ({ kind, pattern: rule(`${source}${end}`) }));
}
