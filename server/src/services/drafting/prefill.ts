/**
 * Params an agent would otherwise copy from the ticket by hand: references that the action's
 * schema describes (a `pattern` such as `^BK-[0-9]{3,8}$`, or an id-like name such as
 * `orderId`) and enum values the ticket names. Only an unambiguous value is filled in; anything
 * else (dates, amounts, a reference the ticket names twice differently) is left for the agent.
 */
export function prefillParams(
  paramsSchema: Record<string, unknown>,
  texts: readonly string[],
): Record<string, unknown> {
  const properties = paramsSchema.properties;
  if (typeof properties !== "object" || properties === null) return {};
  const text = texts.filter(Boolean).join("\n");
  if (!text) return {};
  const params: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(properties as Record<string, unknown>)) {
    if (typeof raw !== "object" || raw === null) continue;
    const property = raw as { type?: unknown; pattern?: unknown; enum?: unknown; format?: unknown };
    const types = Array.isArray(property.type) ? property.type : [property.type];
    if (!types.includes("string")) continue;
    const value = Array.isArray(property.enum)
      ? enumValue(property.enum, text)
      : typeof property.pattern === "string"
        ? patternValue(property.pattern, text)
        : property.format === undefined && /(?:Id|Ref|Reference|Number)$/.test(name)
          ? referenceValue(name, text)
          : null;
    if (value !== null) params[name] = value;
  }
  return params;
}

/** One value, or null when there is none or more than one. */
function single(values: Iterable<string>): string | null {
  const unique = new Set(values);
  return unique.size === 1 ? ([...unique][0] as string) : null;
}

function patternValue(pattern: string, text: string): string | null {
  let whole: RegExp;
  let search: RegExp;
  try {
    whole = new RegExp(pattern, "u");
    // Anchors removed to look for it inside the text; a pattern that would match any text
    // (".+", "\\S+") names nothing in particular and is skipped.
    const inner = pattern.replace(/^\^/, "").replace(/\$$/, "");
    if (/^\.[*+]|^\\S[*+]|^\[\^/.test(inner)) return null;
    search = new RegExp(`(?<![\\p{L}\\p{N}_-])(?:${inner})(?![\\p{L}\\p{N}_])`, "gu");
  } catch {
    return null;
  }
  const found: string[] = [];
  for (const match of text.matchAll(search)) {
    if (match[0] && whole.test(match[0])) found.push(match[0]);
  }
  return single(found);
}

const REFERENCE = /(?<![\p{L}\p{N}_-])([A-Z]{2,5})-?(\d{3,12})(?![\p{L}\p{N}_])/gu;

/** `orderId` ← the one `ORD-550871` in the ticket (or the one whose prefix starts like it). */
function referenceValue(name: string, text: string): string | null {
  const found = [...text.matchAll(REFERENCE)].map((m) => m[0]);
  const only = single(found);
  if (only) return only;
  const initial = name.charAt(0).toUpperCase();
  return single(found.filter((value) => value.startsWith(initial)));
}

function enumValue(options: unknown[], text: string): string | null {
  const named = options.filter(
    (option): option is string =>
      typeof option === "string" &&
      option.length >= 2 &&
      new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(option)}(?![\\p{L}\\p{N}])`, "iu").test(text),
  );
  return single(named);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
