import { and, asc, eq, gt } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
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
 * The ticket's approval requests still waiting for a person. While one waits, the reply says a
 * colleague is confirming the change, and the draft does not propose the same action again.
 */
export async function pendingApprovalsFor(
  db: DbOrTx,
  installationId: string,
  ticketId: string,
  now: Date,
): Promise<PendingApproval[]> {
  const rows = await db
    .select({
      id: approvalRequests.id,
      type: approvalRequests.actionType,
      title: approvalRequests.actionTitle,
      summary: approvalRequests.summary,
      requestedBy: approvalRequests.requestedByName,
      createdAt: approvalRequests.createdAt,
    })
    .from(approvalRequests)
    .where(
      and(
        eq(approvalRequests.installationId, installationId),
        eq(approvalRequests.ticketId, ticketId),
        eq(approvalRequests.status, "pending"),
        gt(approvalRequests.expiresAt, now),
      ),
    )
    .orderBy(asc(approvalRequests.createdAt))
    .limit(20);
  return rows.map((row) => ({ ...row, title: row.title ?? row.type }));
}

/**
 * Whether a request still pending on the ticket was made after `since`: a draft written before
 * it would say nothing about it (or promise the change itself), so it is not served again.
 */
export async function approvalPendingSince(
  db: DbOrTx,
  installationId: string,
  ticketId: string,
  since: Date,
  now: Date,
): Promise<boolean> {
  const [row] = await db
    .select({ id: approvalRequests.id })
    .from(approvalRequests)
    .where(
      and(
        eq(approvalRequests.installationId, installationId),
        eq(approvalRequests.ticketId, ticketId),
        eq(approvalRequests.status, "pending"),
        gt(approvalRequests.expiresAt, now),
        gt(approvalRequests.createdAt, since),
      ),
    )
    .limit(1);
  return row !== undefined;
}
