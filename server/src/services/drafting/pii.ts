/**
 * Reversible masking of personal data before text leaves the server for the model. The same
 * value always gets the same placeholder within one masker, so the model can still refer to it
 * ("we will write to [EMAIL_1]") and the agent sees the real value after `unmask`.
 */
export type PiiKind = "EMAIL" | "CARD" | "PHONE" | "IBAN";

const IBAN_RE = /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b/g;
const CARD_RE = /(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])/g;
const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}/g;
// A phone number has an international prefix, or digit groups split by separators; bare digit
// runs are left alone because they are usually order or ticket numbers.
const PHONE_RE = /(?<![\w+])(?:\+|00)?\(?\d[\d().\s-]{6,22}\d(?![\w])/g;
const PLACEHOLDER_RE = /\[(EMAIL|CARD|PHONE|IBAN)_(\d{1,4})\]/g;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length >= 13 && sum % 10 === 0;
}

export function ibanValid(value: string): boolean {
  const compact = value.replace(/\s+/g, "").toUpperCase();
  if (compact.length < 15 || compact.length > 34) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const chunk = code >= 65 ? String(code - 55) : ch;
    for (const digit of chunk) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

function looksLikePhone(match: string): boolean {
  const digits = match.replace(/\D/g, "");
  if (digits.length < 8 || digits.length > 15) return false;
  const international = /^\s*(\+|00)/.test(match);
  if (international) return digits.length >= 9;
  // Dates (2024-05-01) and amounts (1.299.00) are not phones.
  if (/^\d{4}-\d{2}-\d{2}/.test(match) || /^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/.test(match.trim())) {
    return false;
  }
  const groups = match
    .trim()
    .split(/[\s().-]+/)
    .filter(Boolean);
  return digits.length >= 9 && groups.length >= 2;
}

export class PiiMasker {
  private readonly byValue = new Map<string, string>();
  private readonly byPlaceholder = new Map<string, string>();
  private readonly counters: Record<PiiKind, number> = { EMAIL: 0, CARD: 0, PHONE: 0, IBAN: 0 };

  constructor(readonly enabled = true) {}

  /** How many values of each kind were masked (for the audit trail; never the values). */
  counts(): Record<PiiKind, number> {
    return { ...this.counters };
  }

  private placeholder(kind: PiiKind, value: string): string {
    const key = `${kind}:${value.replace(/[\s-]/g, "").toLowerCase()}`;
    const existing = this.byValue.get(key);
    if (existing) return existing;
    this.counters[kind] += 1;
    const placeholder = `[${kind}_${this.counters[kind]}]`;
    this.byValue.set(key, placeholder);
    this.byPlaceholder.set(placeholder, value);
    return placeholder;
  }

  mask(text: string): string {
    if (!this.enabled || text.length === 0) return text;
    let out = text.replace(IBAN_RE, (m) => (ibanValid(m) ? this.placeholder("IBAN", m) : m));
    out = out.replace(CARD_RE, (m) => {
      const digits = m.replace(/\D/g, "");
      return digits.length >= 13 && digits.length <= 19 && luhnValid(digits)
        ? this.placeholder("CARD", m)
        : m;
    });
    out = out.replace(EMAIL_RE, (m) => this.placeholder("EMAIL", m));
    out = out.replace(PHONE_RE, (m) => {
      const trimmed = m.replace(/[\s(.-]+$/, "");
      if (!looksLikePhone(trimmed)) return m;
      return this.placeholder("PHONE", trimmed) + m.slice(trimmed.length);
    });
    return out;
  }

  /** Puts the original values back where the model used a placeholder. */
  unmask(text: string): string {
    if (this.byPlaceholder.size === 0) return text;
    return text.replace(PLACEHOLDER_RE, (m) => this.byPlaceholder.get(m) ?? m);
  }

  unmaskValue(value: unknown): unknown {
    if (typeof value === "string") return this.unmask(value);
    if (Array.isArray(value)) return value.map((v) => this.unmaskValue(v));
    if (value && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, this.unmaskValue(v)]),
      );
    }
    return value;
  }
}
