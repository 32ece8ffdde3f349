import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { approvalRequests } from "../../db/schema";
import { preparedPer } from "../../lib/prepared";

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
  // Timestamps as drizzle itself sends them (placeholders skip the column's encoding).
  const rows = await pendingQuery(db).execute({
    installationId,
    ticketId,
    now: now.toISOString(),
  });
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
  const [row] = await pendingSinceQuery(db).execute({
    installationId,
    ticketId,
    now: now.toISOString(),
    since: since.toISOString(),
  });
  return row !== undefined;
}

// Prepared: every draft and re-post asks (see lib/prepared.ts).
const pendingQuery = preparedPer((db: DbOrTx) =>
  db
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
        eq(approvalRequests.installationId, sql.placeholder("installationId")),
        eq(approvalRequests.ticketId, sql.placeholder("ticketId")),
        eq(approvalRequests.status, "pending"),
        gt(approvalRequests.expiresAt, sql.placeholder("now")),
      ),
    )
    .orderBy(asc(approvalRequests.createdAt))
    .limit(20)
    .prepare("pending_approvals_of_ticket"),
);

const pendingSinceQuery = preparedPer((db: DbOrTx) =>
  db
    .select({ id: approvalRequests.id })
    .from(approvalRequests)
    .where(
      and(
        eq(approvalRequests.installationId, sql.placeholder("installationId")),
        eq(approvalRequests.ticketId, sql.placeholder("ticketId")),
        eq(approvalRequests.status, "pending"),
        gt(approvalRequests.expiresAt, sql.placeholder("now")),
        gt(approvalRequests.createdAt, sql.placeholder("since")),
      ),
    )
    .limit(1)
    .prepare("approval_pending_since"),
);
