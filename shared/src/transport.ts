// The client side of the one error model: how any Tandem client (sidebar, bot SDK) calls the
// server through a transport and turns a non-2xx answer into a typed error.
import { type ErrorCode, ErrorCodes, errorCodeForStatus, isErrorBody } from "./error-codes";
import type { ErrorIssue } from "./errors";

/** One HTTP call as a host adapter performs it (ZAF `client.request`, Freshworks `invokeTemplate`). */
export interface TransportRequest {
  method: "GET" | "POST";
  /** Path below the server root, always starting with `/v1/`. */
  path: string;
  body?: unknown;
}

export interface TransportResponse {
  /** HTTP status; 0 when no response came back at all. */
  status: number;
  /** Parsed JSON body when there was one, else the raw text (or undefined). */
  body: unknown;
}

export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/** Codes the sidebar can see: every server code plus the ones only a client can observe. */
export const ClientOnlyErrorCodes = ["UNREACHABLE", "NOT_CONFIGURED", "BAD_RESPONSE"] as const;
export type ClientOnlyErrorCode = (typeof ClientOnlyErrorCodes)[number];
export type ClientErrorCode = ErrorCode | ClientOnlyErrorCode;

export class TandemApiError extends Error {
  override readonly name = "TandemApiError";
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly status = 0,
    readonly requestId?: string,
    /** The error body's field-level detail (`{ path, message }`), e.g. of a 400 or a 409. */
    readonly issues?: ErrorIssue[],
  ) {
    super(message);
  }
}

export function isTandemApiError(value: unknown): value is TandemApiError {
  return value instanceof TandemApiError;
}

/** Error statuses that, without our error body, mean a proxy or gateway could not reach the server. */
const GATEWAY_STATUSES = new Set([0, 502, 503, 504, 520, 521, 522, 523, 524]);

function codeForStatus(status: number): ClientErrorCode {
  if (GATEWAY_STATUSES.has(status)) return "UNREACHABLE";
  return errorCodeForStatus(status);
}

/** Turns a non-2xx response into a typed error, trusting the body's `code` only if it is ours. */
export function errorFromResponse(response: TransportResponse): TandemApiError {
  const { status, body } = response;
  if (isErrorBody(body) && (ErrorCodes as readonly string[]).includes(body.error.code)) {
    return new TandemApiError(
      body.error.code,
      body.error.message,
      status,
      body.error.requestId,
      body.error.issues,
    );
  }
  const code = codeForStatus(status);
  const message =
    code === "UNREACHABLE"
      ? "The Tandem server could not be reached"
      : `The server answered with HTTP ${status}`;
  return new TandemApiError(code, message, status);
}

/**
 * One call through a transport: the 2xx body, or a `TandemApiError` (a throwing transport means
 * the server was unreachable, unless it threw a `TandemApiError` itself).
 */
export async function callTransport(
  transport: Transport,
  request: TransportRequest,
): Promise<unknown> {
  let response: TransportResponse;
  try {
    response = await transport(request);
  } catch (error) {
    if (isTandemApiError(error)) throw error;
    throw new TandemApiError("UNREACHABLE", "The Tandem server could not be reached");
  }
  if (response.status >= 200 && response.status < 300) return response.body;
  throw errorFromResponse(response);
}
