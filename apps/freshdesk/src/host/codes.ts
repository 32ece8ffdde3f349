import type { TicketPriority, TicketStatus } from "@tandem/shared";

/**
 * Freshdesk's numeric codes for our helpdesk-neutral values (REST v2 and the properties form).
 * Accounts may add custom statuses (6 and up); those keep their code as the value.
 */
const statusCodes: Partial<Record<TicketStatus, number>> = {
  new: 2,
  open: 2,
  pending: 3,
  hold: 3,
  solved: 4,
  closed: 5,
};

const statusNames: Record<number, TicketStatus> = {
  2: "open",
  3: "pending",
  4: "solved",
  5: "closed",
};

const priorityCodes: Record<TicketPriority, number> = { low: 1, normal: 2, high: 3, urgent: 4 };

const priorityNames: Record<number, TicketPriority> = {
  1: "low",
  2: "normal",
  3: "high",
  4: "urgent",
};

export function freshdeskStatusCode(status: string): number | undefined {
  const known = statusCodes[status as TicketStatus];
  if (known !== undefined) return known;
  return /^\d+$/.test(status) ? Number(status) : undefined;
}

export function neutralStatus(code: number | null | undefined): string {
  if (code === null || code === undefined) return "open";
  return statusNames[code] ?? String(code);
}

export function freshdeskPriorityCode(priority: string): number | undefined {
  return priorityCodes[priority as TicketPriority];
}

export function neutralPriority(code: number | null | undefined): TicketPriority | null {
  if (code === null || code === undefined) return null;
  return priorityNames[code] ?? null;
}
