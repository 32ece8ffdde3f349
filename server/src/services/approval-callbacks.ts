import { and, eq } from "drizzle-orm";
import { jobTenant, withTenant } from "../context";
import { type ApprovalRequestRow, approvalRequests, installations } from "../db/schema";
import { decryptSecret } from "../lib/crypto";
import {
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  signPayload,
  TIMESTAMP_HEADER,
} from "../lib/signature";
import type { ServiceContext } from "../types";
import { getApprovalRequest } from "./approvals";
import type { SystemVerbArgs } from "./verb-args";

export const APPROVAL_CALLBACK_QUEUE = "approval-callback";

export interface CallbackJobData {
  installationId: string;
  approvalId: string;
  /** The status this delivery announces; each status is delivered once. */
  status: string;
}

/** Retry policy of the callback queue: about 10 minutes of backoff before giving up. */
export const callbackRetry = { retryLimit: 6, retryDelay: 5, retryBackoff: true };

/**
 * Queues one signed delivery per status change on `ctx.jobs`; a duplicate send for the same
 * status is a no-op.
 */
export async function enqueueApprovalCallback({
  ctx,
  input: { approval: row },
}: {
  ctx: Pick<ServiceContext, "logger" | "db" | "jobs">;
  input: { approval: ApprovalRequestRow };
}): Promise<void> {
  const queue = ctx.jobs;
  if (!row.callbackUrl || !queue) return;
  await ctx.db
    .update(approvalRequests)
    .set({ callbackStatus: "pending" })
    .where(eq(approvalRequests.id, row.id));
  const data: CallbackJobData = {
    installationId: row.installationId,
    approvalId: row.id,
    status: row.status,
  };
  try {
    await queue.send(APPROVAL_CALLBACK_QUEUE, data, {
      id: deliveryId(row.id, row.status),
    });
  } catch (err) {
    ctx.logger.warn({ err, approvalId: row.id }, "could not enqueue approval callback");
  }
}

/** A stable UUID per (approval, status): pg-boss dedups on it and receivers can too. */
function deliveryId(approvalId: string, status: string): string {
  const statusIndex = ["approved", "rejected", "expired", "executed", "failed"].indexOf(status) + 1;
  // Replace the last hex digit group's tail with the status index to derive a sibling UUID.
  return `${approvalId.slice(0, 35)}${statusIndex.toString(16)}`;
}

/**
 * Delivers one callback: POSTs the approval request as it stands, signed like business-action
 * calls. Throws on failure so the queue retries with backoff; on the last attempt marks it failed.
 */
export async function deliverApprovalCallback({
  ctx,
  input: { job, attempt, fetch: fetchImpl = fetch },
}: SystemVerbArgs<{
  job: CallbackJobData;
  attempt: { retryCount: number; retryLimit: number };
  fetch?: typeof fetch;
}>): Promise<void> {
  const [row] = await ctx.db
    .select({ approval: approvalRequests, installation: installations })
    .from(approvalRequests)
    .innerJoin(installations, eq(installations.id, approvalRequests.installationId))
    .where(
      and(
        eq(approvalRequests.id, job.approvalId),
        eq(approvalRequests.installationId, job.installationId),
      ),
    );
  if (!row?.approval.callbackUrl) return;
  const approval = await getApprovalRequest({
    ctx: withTenant(ctx, jobTenant(row.installation)),
    input: { id: job.approvalId },
  });
  const body = JSON.stringify({ event: `approval.${job.status}`, approval });
  const timestamp = Math.floor(ctx.clock.now().getTime() / 1000);
  const secret = decryptSecret(ctx.config.secretKey, row.installation.webhookSecretEnc);
  let failure: string | null = null;
  try {
    const response = await fetchImpl(row.approval.callbackUrl, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(10_000),
      headers: {
        "content-type": "application/json",
        "user-agent": `Tandem/${ctx.config.version}`,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signPayload(secret, timestamp, body),
        [IDEMPOTENCY_HEADER]: deliveryId(job.approvalId, job.status),
        "X-Tandem-Event": `approval.${job.status}`,
      },
      body,
    });
    if (!response.ok) failure = `callback answered HTTP ${response.status}`;
  } catch {
    failure = "callback endpoint unreachable";
  }
  if (!failure) {
    await ctx.db
      .update(approvalRequests)
      .set({ callbackStatus: "delivered" })
      .where(eq(approvalRequests.id, job.approvalId));
    return;
  }
  if (attempt.retryCount >= attempt.retryLimit) {
    await ctx.db
      .update(approvalRequests)
      .set({ callbackStatus: "failed" })
      .where(eq(approvalRequests.id, job.approvalId));
    ctx.logger.warn({ approvalId: job.approvalId, failure }, "approval callback gave up");
    return;
  }
  throw new Error(failure);
}
