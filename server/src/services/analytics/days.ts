import type { AnalyticsQuery } from "@tandem/shared";

/** Analytics days are UTC days. */
export const DAY_MS = 86_400_000;
export const dayStart = (date: Date) => new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
export const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export interface ResolvedRange {
  from: Date;
  to: Date;
}

/** `from`/`to` as dates are whole UTC days (`to` inclusive); default: the last 30 days. */
export function resolveRange(query: Pick<AnalyticsQuery, "from" | "to">, now: Date): ResolvedRange {
  const parse = (value: string, end: boolean) => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      const start = new Date(`${value}T00:00:00.000Z`);
      return end ? new Date(start.getTime() + DAY_MS) : start;
    }
    return new Date(value);
  };
  const to = query.to ? parse(query.to, true) : now;
  const from = query.from
    ? parse(query.from, false)
    : new Date(dayStart(now).getTime() - 29 * DAY_MS);
  return { from, to };
}
