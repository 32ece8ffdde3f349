import type { Params, TicketContext } from "@tandem/shared";
import { isBuiltInActionType } from "@tandem/shared";
import type { MessageKey, Translator } from "./i18n";

/** What an action would do to the ticket, ready to render as "label  before → after". */
export interface ActionDescription {
  label: string;
  /** The current value, when the action replaces one (status, group, field …). */
  before?: string;
  after: string;
  /** True when applying it would change nothing (status already pending, tag already there). */
  unchanged: boolean;
}

/** The subset of an action this needs, so approvals from external agents can use it too. */
export interface DescribableAction {
  type: string;
  title?: string;
  params: Params;
}

type TicketLike = Pick<TicketContext, "status" | "tags"> &
  Partial<Pick<TicketContext, "priority" | "type" | "group" | "assignee" | "customFields">>;

const str = (value: unknown): string | undefined =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;

function translated(
  t: Translator,
  prefix: "status" | "priority",
  value: unknown,
  fallback: string,
) {
  const raw = str(value);
  if (!raw) return fallback;
  const key = `${prefix}.${raw}` as MessageKey;
  const text = t(key);
  return text === key ? raw : text;
}

/** `refund_order` → "Refund order". */
export function humanize(identifier: string): string {
  const words = identifier
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function formatScalar(value: unknown, t: Translator): string | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  if (typeof value === "number") return t.number(value);
  if (typeof value === "boolean") return value ? "✓" : "✗";
  if (typeof value === "string") return value.length > 80 ? `${value.slice(0, 79)}…` : value;
  if (Array.isArray(value)) {
    const items = value.map((item) => formatScalar(item, t)).filter(Boolean);
    return items.length > 0 ? items.join(", ") : undefined;
  }
  return undefined;
}

const AMOUNT_KEYS = ["amount", "total", "price", "value"];

/**
 * One line for business-action params: `ORD-550871 · 89.00 EUR`. An amount next to a
 * `currency` is formatted as money; other scalars are listed in order.
 */
export function summarizeParams(params: Params, t: Translator): string {
  const currency = typeof params.currency === "string" ? params.currency : undefined;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (key === "currency" && currency) continue;
    if (currency && AMOUNT_KEYS.includes(key) && typeof value === "number") {
      try {
        parts.push(
          t
            .number(value, { style: "currency", currency, currencyDisplay: "code" })
            .replace(/[\u00a0\u202f]/g, " ")
            .trim(),
        );
        continue;
      } catch {
        parts.push(`${t.number(value, { minimumFractionDigits: 2 })} ${currency}`);
        continue;
      }
    }
    const text = formatScalar(value, t);
    if (text !== undefined) parts.push(text);
  }
  if (currency && !Object.keys(params).some((key) => AMOUNT_KEYS.includes(key))) {
    parts.push(currency);
  }
  return parts.join(" · ");
}

function tagList(params: Params): string[] {
  return Array.isArray(params.tags) ? params.tags.filter((tag) => typeof tag === "string") : [];
}

/**
 * "Before → after" of an action against the ticket as the agent sees it now. Business actions
 * (anything outside the built-in catalog) have no "before" unless one is supplied.
 */
export function describeAction(
  action: DescribableAction,
  ticket: TicketLike,
  t: Translator,
  before?: Params,
): ActionDescription {
  const p = action.params;
  const none = t("action.none");
  if (!isBuiltInActionType(action.type)) {
    // With a "before", show only what changes (a booking id both sides share is noise).
    const changed = before
      ? Object.keys(before).filter(
          (key) => key in p && JSON.stringify(before[key]) !== JSON.stringify(p[key]),
        )
      : [];
    const pick = (source: Params) =>
      changed.length > 0 ? Object.fromEntries(changed.map((key) => [key, source[key]])) : source;
    const summary = summarizeParams(pick(p), t);
    return {
      label: action.title ?? humanize(action.type),
      ...(before && Object.keys(before).length > 0
        ? { before: summarizeParams(pick(before), t) }
        : {}),
      after: summary || "—",
      unchanged: false,
    };
  }
  const label = t(`action.${action.type}` as MessageKey);
  switch (action.type) {
    case "set_status":
      return {
        label,
        before: translated(t, "status", ticket.status, none),
        after: translated(t, "status", p.status, none),
        unchanged: ticket.status === p.status,
      };
    case "set_priority":
      return {
        label,
        before: translated(t, "priority", ticket.priority, none),
        after: translated(t, "priority", p.priority, none),
        unchanged: (ticket.priority ?? null) === (p.priority ?? null),
      };
    case "set_type":
      return {
        label,
        before: ticket.type ? humanize(ticket.type) : none,
        after: str(p.type) ? humanize(String(p.type)) : none,
        unchanged: (ticket.type ?? null) === (p.type ?? null),
      };
    case "add_tags": {
      const tags = tagList(p);
      const current = new Set(ticket.tags);
      return {
        label,
        after: tags.map((tag) => `+ ${tag}`).join(", "),
        unchanged: tags.every((tag) => current.has(tag)),
      };
    }
    case "remove_tags": {
      const tags = tagList(p);
      const current = new Set(ticket.tags);
      return {
        label,
        after: tags.map((tag) => `− ${tag}`).join(", "),
        unchanged: tags.every((tag) => !current.has(tag)),
      };
    }
    case "assign_group":
      return {
        label,
        before: ticket.group ? (ticket.group.name ?? ticket.group.id) : t("action.unassigned"),
        after: str(p.groupName) ?? str(p.groupId) ?? none,
        unchanged: ticket.group?.id !== undefined && ticket.group.id === str(p.groupId),
      };
    case "assign_agent":
      return {
        label,
        before: ticket.assignee
          ? (ticket.assignee.name ?? ticket.assignee.id)
          : t("action.unassigned"),
        after: str(p.agentName) ?? str(p.agentId) ?? none,
        unchanged: ticket.assignee?.id !== undefined && ticket.assignee.id === str(p.agentId),
      };
    case "set_custom_field": {
      const fieldId = str(p.fieldId) ?? "";
      const current = ticket.customFields?.[fieldId];
      const empty = t("action.empty");
      return {
        label: str(p.label) ?? `${label} ${fieldId}`,
        before: formatScalar(current, t) ?? empty,
        after: formatScalar(p.value, t) ?? empty,
        unchanged: current !== undefined && JSON.stringify(current) === JSON.stringify(p.value),
      };
    }
    case "apply_macro":
      return { label, after: str(p.title) ?? `#${str(p.macroId) ?? "?"}`, unchanged: false };
    case "add_internal_note": {
      const body = str(p.body) ?? "";
      return {
        label,
        after: body.length > 80 ? `${body.slice(0, 79)}…` : body,
        unchanged: false,
      };
    }
  }
}
