import type { TicketContext } from "@tandem/shared";
import { Limits } from "@tandem/shared";

/**
 * Rules every helpdesk mapping shares. The sidebars and the server's webhook path build the same
 * `TicketContext` from different inputs (host SDK vs REST) and must hash the same revision, so
 * they apply these rules rather than their own copies.
 */

/** The same HTML-to-text the sidebars use for what an agent sent. */
export { htmlToText } from "./html-to-text";

export const EPOCH = new Date(0).toISOString();

const LOCALE = /^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$/;

export type CustomFieldValue = NonNullable<TicketContext["customFields"]>[string];
export type TicketRef = NonNullable<TicketContext["group"]>;
export type Requester = TicketContext["requester"];

export function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

/** A helpdesk id (number or non-empty string) as our string id. */
export function idOf(value: unknown): string | undefined {
  return typeof value === "number" || (typeof value === "string" && value !== "")
    ? String(value)
    : undefined;
}

/** ISO 8601 of a helpdesk timestamp, or `fallback` when it is missing or unparsable. */
export function isoDate(value: unknown, fallback: string): string {
  if (typeof value === "string") {
    const time = Date.parse(value);
    if (Number.isFinite(time)) return new Date(time).toISOString();
  }
  return fallback;
}

/** A BCP 47-like locale tag, or undefined (helpdesks also hold free text here). */
export function localeOf(value: unknown): string | undefined {
  return typeof value === "string" && LOCALE.test(value) ? value : undefined;
}

export function ticketTags(values: readonly unknown[] | null | undefined): string[] {
  return (values ?? [])
    .filter((tag): tag is string => typeof tag === "string" && tag !== "")
    .map((tag) => clip(tag, Limits.tagLength))
    .slice(0, Limits.tagsPerTicket);
}

/** A custom field's value within the contract's bounds; undefined for shapes it cannot carry. */
export function customFieldValue(value: unknown): CustomFieldValue | undefined {
  if (value === null || typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "string") return clip(value, 2_000);
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) {
    return value.slice(0, 50).map((item: string) => clip(item, 200));
  }
  return undefined;
}

/** The first fields (by the helpdesk's order) the contract can carry; undefined when none. */
export function customFields(
  entries: Iterable<readonly [string, unknown]>,
): TicketContext["customFields"] {
  const fields: Record<string, CustomFieldValue> = {};
  let count = 0;
  for (const [key, raw] of entries) {
    if (count >= Limits.customFieldsPerTicket) break;
    const value = customFieldValue(raw);
    if (value === undefined) continue;
    fields[clip(key, 100)] = value;
    count += 1;
  }
  return count > 0 ? fields : undefined;
}

/** A group or assignee reference; null when the ticket has none (helpdesks use 0/null). */
export function ticketRef(id: unknown, name?: string | null): TicketRef | null {
  const refId = id ? idOf(id) : undefined;
  if (!refId) return null;
  return { id: refId, ...(name ? { name: clip(name, Limits.nameLength) } : {}) };
}

export interface RequesterInput {
  id: string;
  name?: string | null;
  email?: string | null;
  locale?: string | null;
}

/** The requester, named by name, else email, else `fallbackName` (a ticket always has one). */
export function requesterOf(input: RequesterInput, fallbackName: string): Requester {
  const locale = localeOf(input.locale);
  return {
    id: input.id,
    name: clip(input.name?.trim() || input.email || fallbackName, Limits.nameLength),
    ...(input.email ? { email: input.email } : {}),
    ...(locale ? { locale } : {}),
  };
}
