import { distance } from "fastest-levenshtein";

/**
 * Character-level Levenshtein distance divided by the longer length (the analytics definition,
 * README "Analytics"): 0 = unchanged, 1 = rewritten. Two empty texts are identical (0).
 */
export function editDistance(drafted: string, sent: string): number {
  const a = drafted.normalize("NFC");
  const b = sent.normalize("NFC");
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 0;
  // A shared prefix and suffix never change the distance, and agents edit locally: trimming them
  // first keeps a 20,000-character reply edited in one place at microseconds instead of ~0.3 s.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return distance(a.slice(start, endA), b.slice(start, endB)) / longer;
}

export type ReplyUse = "unchanged" | "lightly_edited" | "rewritten";

/** The analytics buckets: unchanged (0), lightly edited (0 < d < 0.4), rewritten (d ≥ 0.4). */
export function classifyEdit(distance: number): ReplyUse {
  if (distance === 0) return "unchanged";
  return distance < 0.4 ? "lightly_edited" : "rewritten";
}
