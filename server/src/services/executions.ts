import type { Execution } from "@tandem/shared";
import { and, asc, eq, inArray, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import {
  type ActionExecutionRow,
  actionExecutions,
  approvalRequests,
  decisions,
  installations,
} from "../db/schema";
import { AppError } from "../errors";
import { decryptSecret } from "../lib/crypto";
import {
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  signPayload,
  TIMESTAMP_HEADER,
} from "../lib/signature";
import type { ServiceContext } from "../types";
import { agentActor } from "./agent-identity";
import { recordAuditEvent } from "./audit";
import type { SystemVerbArgs, VerbArgs } from "./verb-args";

export const EXECUTE_ACTION_QUEUE = "action-execute";

export interface ExecutorSettings {
  /** Attempts per run (the first try included); a manual retry grants as many again. */
  maxAttempts: number;
  /** pg-boss retry delay in seconds; doubles per attempt (with jitter) when `backoff`. */
  retryDelaySeconds: number;
  backoff: boolean;
  /** Per-attempt HTTP timeout. */
  timeoutMs: number;
}

export const defaultExecutorSettings: ExecutorSettings = {
  maxAttempts: 5,
  retryDelaySeconds: 5,
  backoff: true,
  timeoutMs: 10_000,
};

export interface ExecuteJobData {
  executionId: string;
  /** The execution's `attempts` when this run was queued: it may make `maxAttempts` more. */
  attemptBase?: number;
  /** Alternatively, the cumulative `attempts` at which this run gives up. */
  attemptLimit?: number;
}

const MAX_RESULT_CHARS = 8_000;

export function toExecution(row: ActionExecutionRow): Execution {
  return {
    id: row.id,
    actionId: row.actionId,
    type: row.type,
    status: row.status,
    attempts: row.attempts,
    ...(row.lastError ? { lastError: row.lastError.slice(0, 1_000) } : {}),
    ...(row.result !== null && row.result !== undefined ? { result: row.result } : {}),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listExecutionsForDecision(db: DbOrTx, decisionId: string) {
  const rows = await db
    .select()
    .from(actionExecutions)
    .where(eq(actionExecutions.decisionId, decisionId))
    .orderBy(asc(actionExecutions.createdAt), asc(actionExecutions.id));
  return rows.map(toExecution);
}

/** One execution of the installation; another installation's id is simply not found. */
export async function getExecution({
  ctx,
  input: { executionId },
}: VerbArgs<{ executionId: string }>): Promise<Execution> {
  return findExecution(ctx.db, ctx.tenant.installationId, executionId);
}

async function findExecution(
  db: DbOrTx,
  installationId: string,
  executionId: string,
): Promise<Execution> {
  const [row] = await db
    .select()
    .from(actionExecutions)
    .where(
      and(
        eq(actionExecutions.id, executionId),
        eq(actionExecutions.installationId, installationId),
      ),
    );
  if (!row) throw new AppError("NOT_FOUND", "Execution not found");
  return toExecution(row);
}

/**
 * Hands executions to the queue. The pending row is the durable outbox: if this fails (queue
 * down, process killed right after commit) the sweeper re-sends it.
 */
export async function enqueueExecutions({
  ctx,
  input: { executions },
}: {
  ctx: Pick<ServiceContext, "logger" | "jobs">;
  input: {
    executions: ({ id: string; firstRun: boolean } & Omit<ExecuteJobData, "executionId">)[];
  };
}): Promise<void> {
  const queue = ctx.jobs;
  if (!queue) return;
  for (const execution of executions) {
    const { id, firstRun: _firstRun, ...limits } = execution;
    const data: ExecuteJobData = { executionId: id, ...limits };
    try {
      await queue.send(EXECUTE_ACTION_QUEUE, data, {
        // The first run's job id is the execution id, so a duplicate send is a no-op. Retry
        // timing comes from the queue, declared by the executor with its settings.
        ...(execution.firstRun ? { id: execution.id } : {}),
      });
    } catch (err) {
      ctx.logger.warn({ err, executionId: execution.id }, "could not enqueue execution");
    }
  }
}

function retryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

async function readResult(response: Response): Promise<unknown> {
  const text = (await response.text()).slice(0, MAX_RESULT_CHARS);
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { text };
  }
}

/**
 * One attempt of one execution (the job handler). The row is claimed first, so at most one
 * attempt runs at a time whatever the duplicates in the queue; the receiver dedups by the
 * Idempotency-Key should a crash make us repeat a request that had in fact succeeded.
 */
export async function runExecutionAttempt({
  ctx,
  input: { job, settings = defaultExecutorSettings, fetch: fetchImpl = fetch },
}: SystemVerbArgs<{
  job: ExecuteJobData;
  settings?: ExecutorSettings;
  fetch?: typeof fetch;
}>): Promise<"succeeded" | "failed" | "retry" | "skipped"> {
  const [row] = await ctx.db
    .update(actionExecutions)
    .set({ status: "running", attempts: sql`${actionExecutions.attempts} + 1` })
    .where(and(eq(actionExecutions.id, job.executionId), eq(actionExecutions.status, "pending")))
    .returning();
  if (!row) return "skipped";

  const [installation] = await ctx.db
    .select({ webhookSecretEnc: installations.webhookSecretEnc })
    .from(installations)
    .where(eq(installations.id, row.installationId));
  let approvedBy: { id: string; name: string } | null = null;
  if (row.decisionId) {
    const [decision] = await ctx.db
      .select({ agentId: decisions.agentId, agentName: decisions.agentName })
      .from(decisions)
      .where(eq(decisions.id, row.decisionId));
    if (decision) approvedBy = { id: decision.agentId, name: decision.agentName };
  } else if (row.approvalId) {
    const [approval] = await ctx.db
      .select({ id: approvalRequests.decidedById, name: approvalRequests.decidedByName })
      .from(approvalRequests)
      .where(eq(approvalRequests.id, row.approvalId));
    if (approval?.id) approvedBy = { id: approval.id, name: approval.name ?? approval.id };
  }

  // The body is identical on every attempt; only the timestamp (and so the signature) changes.
  const body = JSON.stringify({
    executionId: row.id,
    action: { id: row.actionId, type: row.type, params: row.params },
    ticketId: row.ticketId,
    source: row.source,
    ...(row.decisionId ? { decisionId: row.decisionId } : {}),
    ...(row.approvalId ? { approvalId: row.approvalId } : {}),
    ...(approvedBy ? { approvedBy } : {}),
  });

  let failure: string | null = null;
  let permanent = false;
  let result: unknown = null;
  let httpStatus: number | null = null;
  if (!installation) {
    failure = "installation no longer exists";
    permanent = true;
  } else {
    const secret = decryptSecret(ctx.config.secretKey, installation.webhookSecretEnc);
    const timestamp = Math.floor(ctx.clock.now().getTime() / 1000);
    try {
      const response = await fetchImpl(row.endpoint, {
        method: "POST",
        redirect: "manual",
        signal: AbortSignal.timeout(settings.timeoutMs),
        headers: {
          "content-type": "application/json",
          "user-agent": `Tandem/${ctx.config.version}`,
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signPayload(secret, timestamp, body),
          [IDEMPOTENCY_HEADER]: row.id,
          "X-Tandem-Execution-Id": row.id,
          "X-Tandem-Action-Type": row.type,
          "X-Tandem-Attempt": String(row.attempts),
        },
        body,
      });
      httpStatus = response.status;
      result = await readResult(response);
      if (!response.ok) {
        failure = `endpoint answered HTTP ${response.status}`;
        permanent = !retryableStatus(response.status);
      }
    } catch (err) {
      const name = err instanceof Error ? err.name : "";
      failure =
        name === "TimeoutError"
          ? `endpoint did not answer within ${settings.timeoutMs} ms`
          : "endpoint unreachable";
    }
  }

  const audit = {
    installationId: row.installationId,
    ticketId: row.ticketId,
    actor: { kind: "system" as const },
    subjectId: row.actionId,
  };
  if (!failure) {
    await ctx.db.transaction(async (tx) => {
      await tx
        .update(actionExecutions)
        .set({
          status: "succeeded",
          result: { httpStatus, body: result },
          lastError: null,
          completedAt: ctx.clock.now(),
        })
        .where(eq(actionExecutions.id, row.id));
      await recordAuditEvent(tx, {
        ...audit,
        type: "action.executed",
        data: { executionId: row.id, type: row.type, attempts: row.attempts, httpStatus },
      });
    });
    return "succeeded";
  }

  const limit = job.attemptLimit ?? (job.attemptBase ?? 0) + settings.maxAttempts;
  const final = permanent || row.attempts >= limit;
  if (!final) {
    await ctx.db
      .update(actionExecutions)
      .set({ status: "pending", lastError: failure })
      .where(eq(actionExecutions.id, row.id));
    return "retry";
  }
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(actionExecutions)
      .set({
        status: "failed",
        lastError: failure,
        result: httpStatus ? { httpStatus, body: result } : null,
        completedAt: ctx.clock.now(),
      })
      .where(eq(actionExecutions.id, row.id));
    await recordAuditEvent(tx, {
      ...audit,
      type: "action.failed",
      data: {
        executionId: row.id,
        type: row.type,
        attempts: row.attempts,
        error: failure,
        ...(httpStatus ? { httpStatus } : {}),
      },
    });
  });
  return "failed";
}

/** A failed execution goes back to the queue with a fresh set of attempts. */
export async function retryExecution({
  ctx,
  input: { executionId },
}: VerbArgs<{ executionId: string }>): Promise<Execution> {
  const { installationId } = ctx.tenant;
  const retried = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(actionExecutions)
      .set({ status: "pending", completedAt: null })
      .where(
        and(
          eq(actionExecutions.id, executionId),
          eq(actionExecutions.installationId, installationId),
          eq(actionExecutions.status, "failed"),
        ),
      )
      .returning();
    if (!row) {
      const current = await findExecution(tx, installationId, executionId);
      throw new AppError(
        "CONFLICT",
        `Only a failed execution can be retried (it is ${current.status})`,
      );
    }
    await recordAuditEvent(tx, {
      installationId,
      type: "action.retried",
      ticketId: row.ticketId,
      actor: agentActor(ctx),
      subjectId: row.actionId,
      data: { executionId: row.id, type: row.type, attemptsSoFar: row.attempts },
    });
    return row;
  });
  await enqueueExecutions({
    ctx,
    input: { executions: [{ id: retried.id, attemptBase: retried.attempts, firstRun: false }] },
  });
  return toExecution(retried);
}

/**
 * Recovers the outbox: executions left pending without a job (enqueue failed) or left running by
 * a process that died mid-attempt. Both are re-sent; the claim keeps a live one from running twice.
 */
export async function sweepStuckExecutions({
  ctx,
  input: { settings = defaultExecutorSettings, olderThanMs = 5 * 60_000 },
}: SystemVerbArgs<{ settings?: ExecutorSettings; olderThanMs?: number }>): Promise<number> {
  const cutoff = new Date(
    ctx.clock.now().getTime() - Math.max(olderThanMs, settings.timeoutMs * 3),
  );
  const stuck = await ctx.db
    .update(actionExecutions)
    .set({ status: "pending" })
    .where(
      and(
        inArray(actionExecutions.status, ["pending", "running"]),
        lt(actionExecutions.updatedAt, cutoff),
      ),
    )
    .returning({ id: actionExecutions.id, attempts: actionExecutions.attempts });
  await enqueueExecutions({
    ctx,
    input: {
      executions: stuck.map((row) => ({ id: row.id, attemptBase: row.attempts, firstRun: false })),
    },
  });
  return stuck.length;
}
