import type { AuditEventType } from "@tandem/shared";
import { and, desc, eq, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { auditEvents } from "../db/schema";
import type { VerbArgs } from "./verb-args";

export interface AuditInput {
  installationId: string;
  type: AuditEventType;
  ticketId?: string | null;
  actor: { kind: "agent" | "bot" | "system" | "admin"; id?: string | null };
  subjectId?: string | null;
  data?: Record<string, unknown>;
}

export async function recordAuditEvent(db: DbOrTx, input: AuditInput): Promise<void> {
  await auditEventsInsert(db, [input]);
}

/** Several events in one statement (e.g. a decision and its per-action outcomes). */
export async function recordAuditEvents(db: DbOrTx, inputs: AuditInput[]): Promise<void> {
  if (inputs.length === 0) return;
  await auditEventsInsert(db, inputs);
}

/** The insert of several events, not yet run: to await, or to send as a CTE of another statement. */
export function auditEventsInsert(db: DbOrTx, inputs: AuditInput[]) {
  return db.insert(auditEvents).values(inputs.map(auditEventRow));
}

/** An event as the row stored for it. */
export function auditEventRow(input: AuditInput): typeof auditEvents.$inferInsert {
  return {
    installationId: input.installationId,
    type: input.type,
    ticketId: input.ticketId ?? null,
    actorKind: input.actor.kind,
    actorId: input.actor.id ?? null,
    subjectId: input.subjectId ?? null,
    data: input.data ?? {},
  };
}

/** The caller's installation's audit trail, newest first. */
export async function listAuditEvents({
  ctx,
  input,
}: VerbArgs<{ ticketId?: string | undefined; type?: AuditEventType | undefined; limit: number }>) {
  const filters: SQL[] = [eq(auditEvents.installationId, ctx.tenant.installationId)];
  if (input.ticketId) filters.push(eq(auditEvents.ticketId, input.ticketId));
  if (input.type) filters.push(eq(auditEvents.type, input.type));
  const rows = await ctx.db
    .select()
    .from(auditEvents)
    .where(and(...filters))
    .orderBy(desc(auditEvents.id))
    .limit(input.limit);
  return rows.map((row) => ({
    id: String(row.id),
    type: row.type as AuditEventType,
    ticketId: row.ticketId,
    actor: { kind: row.actorKind, id: row.actorId },
    subjectId: row.subjectId,
    data: row.data,
    createdAt: row.createdAt.toISOString(),
  }));
}
