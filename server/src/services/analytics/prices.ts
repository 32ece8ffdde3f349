/** USD per million tokens (list prices); drafts by other models are not priced. */
export const MODEL_PRICES: Record<string, { input: number; output: number }> = {
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4.1": { input: 2, output: 8 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4 },
  "gpt-5": { input: 1.25, output: 10 },
  "gpt-5-mini": { input: 0.25, output: 2 },
  "gpt-5-nano": { input: 0.05, output: 0.4 },
};

export const PRICING_NOTE =
  "List prices in USD per million tokens; cost per draft averages drafts whose model is listed (offline drafts cost nothing and are not included).";

export function priceOf(model: string | null): { input: number; output: number } | null {
  if (!model) return null;
  if (MODEL_PRICES[model]) return MODEL_PRICES[model];
  // Dated snapshots ("gpt-4o-mini-2024-07-18") price as their family.
  const family = Object.keys(MODEL_PRICES)
    .filter((name) => model.startsWith(`${name}-`))
    .sort((a, b) => b.length - a.length)[0];
  return family ? (MODEL_PRICES[family] ?? null) : null;
}

export const TYPING_CHARS_PER_MINUTE = 200;
export const TIME_SAVED_ASSUMPTION =
  `An agent types ${TYPING_CHARS_PER_MINUTE} characters per minute (about 40 words per minute); ` +
  "time saved = characters of AI text kept in used replies ((1 − edit distance) × length of the " +
  "final reply) ÷ that speed. Reading and reviewing time is not deducted. An estimate, not a measurement.";
