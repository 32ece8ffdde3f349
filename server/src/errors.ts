import { type ErrorBody, type ErrorCode, ErrorStatus, errorCodeForStatus } from "@tandem/shared";
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { core } from "zod";
import type { AppEnv } from "./types";

export interface ErrorIssue {
  path: string;
  message: string;
  /** The schema rule that failed (`required`, `maximum`, `formatExclusiveMinimum`…), for clients. */
  keyword?: string;
  /** The rule's blanks: `limit` (the bound) and `field` (the other param it is compared with). */
  params?: Record<string, string | number | boolean>;
}

/** The one error type handlers throw; `onError` renders it as the contract's error body. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: ContentfulStatusCode;
  readonly issues?: ErrorIssue[];

  constructor(code: ErrorCode, message: string, issues?: ErrorIssue[]) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = ErrorStatus[code] as ContentfulStatusCode;
    this.issues = issues;
  }
}

export function issuesFromZod(error: core.$ZodError): ErrorIssue[] {
  return error.issues.slice(0, 50).map((issue) => ({
    path: issue.path.map(String).join(".").slice(0, 500) || "(root)",
    message: issue.message.slice(0, 500),
  }));
}

export function badRequestFromZod(error: core.$ZodError, what = "request"): AppError {
  return new AppError("BAD_REQUEST", `Invalid ${what}`, issuesFromZod(error));
}

function render(c: Context<AppEnv>, code: ErrorCode, message: string, issues?: ErrorIssue[]) {
  const body: ErrorBody = {
    error: {
      code,
      message,
      requestId: c.get("requestId") ?? "unknown",
      ...(issues ? { issues } : {}),
    },
  };
  return c.json(body, ErrorStatus[code] as ContentfulStatusCode);
}

export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof AppError) return render(c, err.code, err.message, err.issues);
  if (err instanceof HTTPException) {
    const code = errorCodeForStatus(err.status);
    // Hono's own 4xx messages (malformed JSON, bad content type) are safe to echo.
    const message = err.status < 500 ? err.message || code : "Internal error";
    return render(c, code, message);
  }
  c.get("logger")?.error({ err, requestId: c.get("requestId") }, "unhandled error");
  return render(c, "INTERNAL", "Internal error");
};

export const onNotFound: NotFoundHandler<AppEnv> = (c) =>
  render(c, "NOT_FOUND", `No route for ${c.req.method} ${c.req.path}`);
