/**
 * Character-level Levenshtein distance divided by the longer length (product.md §6):
 * 0 = unchanged, 1 = rewritten. Two empty texts are identical (0).
 * Runs in O(n·m) time and O(min(n, m)) memory.
 */
export function editDistance(drafted: string, sent: string): number {
  const a = drafted.normalize("NFC");
  const b = sent.normalize("NFC");
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 0;
  return levenshtein(a, b) / longer;
}

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  // Keep the shorter string in the inner loop so the row stays small.
  const [s, t] = a.length < b.length ? [a, b] : [b, a];
  if (s.length === 0) return t.length;
  let previous = new Uint32Array(s.length + 1);
  let current = new Uint32Array(s.length + 1);
  for (let i = 0; i <= s.length; i++) previous[i] = i;
  for (let j = 1; j <= t.length; j++) {
    current[0] = j;
    const tj = t.charCodeAt(j - 1);
    for (let i = 1; i <= s.length; i++) {
      const cost = s.charCodeAt(i - 1) === tj ? 0 : 1;
      const deletion = (previous[i] as number) + 1;
      const insertion = (current[i - 1] as number) + 1;
      const substitution = (previous[i - 1] as number) + cost;
      current[i] = Math.min(deletion, insertion, substitution);
    }
    [previous, current] = [current, previous];
  }
  return previous[s.length] as number;
}

export type ReplyUse = "unchanged" | "lightly_edited" | "rewritten";

/** Buckets of product.md §6: unchanged (0), lightly edited (0 < d < 0.4), rewritten (d ≥ 0.4). */
export function classifyEdit(distance: number): ReplyUse {
  if (distance === 0) return "unchanged";
  return distance < 0.4 ? "lightly_edited" : "rewritten";
}
