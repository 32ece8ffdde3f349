import { type SQL, sql } from "drizzle-orm";
import { approvalRequests } from "../../db/schema";

/** A change someone (usually a bot) asked a person to approve on the ticket, not yet decided. */
export interface PendingApproval {
  id: string;
  type: string;
  title: string;
  summary: string;
  requestedBy: string;
  createdAt: Date;
}

/**
 * The ticket's pending approval requests as one JSON column of another statement (the stored
 * draft lookup every draft request makes first): drafting then needs no round trip of its own.
 * Read back with `pendingFromJson`.
 */
export function pendingApprovalsJson(installationId: SQL, ticketId: SQL, now: SQL): SQL<unknown> {
  return sql`(select coalesce(jsonb_agg(jsonb_build_object('id', pending.id, 'type', pending.action_type,
      'title', coalesce(pending.action_title, pending.action_type), 'summary', pending.summary,
      'requestedBy', pending.requested_by_name, 'createdAt', pending.created_at) order by pending.created_at), '[]'::jsonb)
    from (select * from ${approvalRequests} as request
      where request.installation_id = ${installationId} and request.ticket_id = ${ticketId}
        and request.status = 'pending' and request.expires_at > ${now}
      order by request.created_at limit 20) as pending)`;
}

export function pendingFromJson(json: unknown): PendingApproval[] {
  const items = (typeof json === "string" ? JSON.parse(json) : json) as Array<
    Omit<PendingApproval, "createdAt"> & { createdAt: string }
  > | null;
  return (items ?? []).map((item) => ({ ...item, createdAt: new Date(item.createdAt) }));
}
