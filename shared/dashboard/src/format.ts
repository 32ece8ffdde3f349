/** Formatting shared by the dashboard's tiles, charts and tables. Nulls read as an em dash. */
export const DASH = "—";

export function percent(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return DASH;
  return `${(value * 100).toFixed(digits)} %`;
}

export function decimal(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || Number.isNaN(value)) return DASH;
  return value.toFixed(digits);
}

export function count(value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  return new Intl.NumberFormat("en").format(value);
}

/** One decimal under ten, none above: "4.5 min", "12 min". */
function amount(value: number, unit: string): string {
  return `${value.toFixed(value < 10 ? 1 : 0)} ${unit}`;
}

export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return DASH;
  if (ms === 0) return "0";
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1_000;
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const minutes = seconds / 60;
  if (minutes < 60) return amount(minutes, "min");
  return amount(minutes / 60, "h");
}

export function usd(value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  if (value === 0) return "$0";
  if (value < 0.01) return `$${value.toFixed(5)}`;
  return `$${value.toFixed(2)}`;
}

export function minutesSaved(minutes: number): string {
  if (minutes < 60) return amount(minutes, "min");
  return `${(minutes / 60).toFixed(1)} h`;
}

/** "2030-01-05" → "Jan 5" (UTC, the analytics day). */
export function shortDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return date.toLocaleDateString("en", { month: "short", day: "numeric", timeZone: "UTC" });
}

/** snake_case keys (intents, action types, reasons) as words. */
export function humanize(key: string): string {
  const words = key.replace(/[_-]+/g, " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : key;
}
