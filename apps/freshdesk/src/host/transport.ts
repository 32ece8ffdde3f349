import {
  TandemApiError,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from "@tandem/sidebar";
import type { FwClient, FwInvokeResult } from "./freshworks";
import { isSafeContextValue, routeCall } from "./templates";

function parseBody(text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isInvokeResult(value: unknown): value is FwInvokeResult {
  return typeof value === "object" && value !== null && "status" in value;
}

/**
 * The Tandem API transport over request templates: the bundle never opens a connection itself
 * (Freshworks review rule FF-01L); the platform adds the secure token to the headers.
 */
export function createTemplateTransport(client: FwClient, now: () => Date = () => new Date()) {
  const transport: Transport = async (request: TransportRequest): Promise<TransportResponse> => {
    const routed = routeCall(request.method, request.path, now());
    if (!routed) {
      throw new TandemApiError(
        "BAD_REQUEST",
        `No request template for ${request.method} ${request.path}`,
      );
    }
    for (const [key, value] of Object.entries(routed.context)) {
      if (!isSafeContextValue(value)) {
        throw new TandemApiError("BAD_REQUEST", `Refusing an unsafe value for ${key}`);
      }
    }
    const options =
      request.body === undefined
        ? { context: routed.context }
        : { context: routed.context, body: JSON.stringify(request.body) };
    try {
      const result = await client.request.invokeTemplate(routed.template, options);
      return { status: result.status, body: parseBody(result.response) };
    } catch (error) {
      // A non-2xx answer rejects with the same shape; status 0 or none means nothing came back.
      if (isInvokeResult(error) && typeof error.status === "number" && error.status > 0) {
        if (error.errorSource === "PLATFORM" && error.response === undefined) {
          // The platform itself refused (rate limit, timeout): treat as not reaching Tandem.
          return { status: error.status === 429 ? 429 : 0, body: undefined };
        }
        return { status: error.status, body: parseBody(error.response) };
      }
      return { status: 0, body: undefined };
    }
  };
  return transport;
}
