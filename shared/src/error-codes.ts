// Error codes and statuses without the schema library: the clients import these.
import type { ErrorBody } from "./errors";

/** Every error the API can answer with. Clients branch on `code`, never on `message`. */
export const ErrorCodes = [
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "STALE_DRAFT",
  "UNBACKED_COMMITMENT",
  "TARGET_LOCKED",
  "RATE_LIMITED",
  "PAYLOAD_TOO_LARGE",
  "UPSTREAM_MODEL_FAILED",
  "UNAVAILABLE",
  "INTERNAL",
] as const;
export type ErrorCode = (typeof ErrorCodes)[number];

export const ErrorStatus: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  STALE_DRAFT: 409,
  UNBACKED_COMMITMENT: 409,
  TARGET_LOCKED: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UPSTREAM_MODEL_FAILED: 502,
  UNAVAILABLE: 503,
};

/** The code an HTTP status stands for when no error body says better (proxies, frameworks). */
export function errorCodeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return "BAD_REQUEST";
    case 401:
      return "UNAUTHORIZED";
    case 403:
      return "FORBIDDEN";
    case 404:
      return "NOT_FOUND";
    case 409:
      return "CONFLICT";
    case 413:
      return "PAYLOAD_TOO_LARGE";
    case 429:
      return "RATE_LIMITED";
    case 503:
      return "UNAVAILABLE";
    default:
      return status >= 400 && status < 500 ? "BAD_REQUEST" : "INTERNAL";
  }
}

/**
 * True when a value has the API's error shape (`ErrorBodySchema`), so clients can branch on
 * `code`. Checked by hand: clients read errors without loading the schema library.
 */
export function isErrorBody(value: unknown): value is ErrorBody {
  const error = isRecord(value) ? value.error : undefined;
  if (!isRecord(error)) return false;
  const { code, message, requestId, issues } = error;
  return (
    (ErrorCodes as readonly unknown[]).includes(code) &&
    typeof message === "string" &&
    typeof requestId === "string" &&
    (issues === undefined || (Array.isArray(issues) && issues.every(isIssue)))
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isIssue(value: unknown): boolean {
  return isRecord(value) && typeof value.path === "string" && typeof value.message === "string";
}
