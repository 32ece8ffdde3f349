import { hmacSha256, safeEqual } from "./crypto";

/**
 * Outbound request signing (business-action calls, approval callbacks).
 *
 *   X-Tandem-Timestamp: <unix seconds>
 *   X-Tandem-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>
 *   Idempotency-Key:    <stable per execution: the same on every retry>
 *
 * Receivers recompute the HMAC over the exact bytes received, compare in constant time, and
 * refuse timestamps older than a few minutes (replay window).
 */
export const SIGNATURE_HEADER = "X-Tandem-Signature";
export const TIMESTAMP_HEADER = "X-Tandem-Timestamp";
export const IDEMPOTENCY_HEADER = "Idempotency-Key";
export const SIGNATURE_VERSION = "v1";

export function signPayload(secret: string, timestamp: number, body: string): string {
  return `${SIGNATURE_VERSION}=${hmacSha256(secret, `${timestamp}.${body}`, "hex")}`;
}

export interface VerifyOptions {
  nowSeconds: number;
  /** Oldest accepted timestamp, in seconds before now. */
  toleranceSeconds?: number;
}

/** What a receiver does; exported for tests and for the SDK-less receivers in docs. */
export function verifyPayloadSignature(
  secret: string,
  header: string | null | undefined,
  timestamp: string | null | undefined,
  body: string,
  options: VerifyOptions,
): boolean {
  if (!header || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  const ts = Number(timestamp);
  if (Math.abs(options.nowSeconds - ts) > (options.toleranceSeconds ?? 300)) return false;
  const expected = signPayload(secret, ts, body);
  // A header may carry several signatures during secret rotation: "v1=…,v1=…".
  return header.split(",").some((part) => safeEqual(part.trim(), expected));
}
