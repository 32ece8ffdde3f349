import { TandemApiError, type Transport } from "@tandem/sidebar";
import type { AppSettings } from "./settings";
import type { ZafClient, ZafHttpResponse, ZafRequestOptions } from "./zaf-types";

/**
 * The agent for the JWT claims. The proxy signs them with the secure secret, but this code
 * writes them, so the server records that agent as asserted, never verified.
 */
export type AgentClaims = () => Promise<{ id: string; name: string }>;

function parseBody(response: ZafHttpResponse): unknown {
  if (response.responseJSON !== undefined && response.responseJSON !== null) {
    return response.responseJSON;
  }
  const text = response.responseText;
  if (typeof text !== "string" || text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isHttpResponse(value: unknown): value is ZafHttpResponse {
  return typeof value === "object" && value !== null && "status" in value;
}

/** The `client.request` options for one API call (exported for tests: secrets stay placeholders). */
export function buildRequestOptions(
  settings: AppSettings & { serverUrl: string },
  request: { method: "GET" | "POST"; path: string; body?: unknown },
  agent: { id: string; name: string } | null,
): ZafRequestOptions {
  const options: ZafRequestOptions = {
    url: `${settings.serverUrl}${request.path}`,
    type: request.method,
    contentType: "application/json",
    secure: true,
    cors: false,
    httpCompleteResponse: true,
    headers: { Authorization: "Bearer {{setting.api_token}}" },
  };
  if (request.body !== undefined) options.data = JSON.stringify(request.body);
  if (settings.useJwt && agent) {
    options.headers = { ...options.headers, "X-Tandem-Agent-Jwt": "{{jwt.token}}" };
    options.jwt = {
      algorithm: "HS256",
      secret_key: "{{setting.jwt_secret}}",
      // Minted per request: five minutes covers a slow proxy; the server refuses over an hour.
      expiry: 300,
      claims: { agent_id: agent.id, agent_name: agent.name },
    };
  }
  return options;
}

/**
 * Calls the Tandem server through Zendesk's proxy (`secure: true`), which substitutes the API
 * token and mints the agent JWT server-side. Resolves every HTTP answer as `{status, body}`;
 * rejects only when nothing came back.
 */
export function createZafTransport(
  client: ZafClient,
  settings: AppSettings,
  agent: AgentClaims,
): Transport {
  return async (request) => {
    const serverUrl = settings.serverUrl;
    if (!serverUrl) throw new TandemApiError("NOT_CONFIGURED", "The server URL is not set");
    const who = settings.useJwt ? await agent() : null;
    const options = buildRequestOptions({ ...settings, serverUrl }, request, who);
    try {
      const response = await client.request(options);
      if (isHttpResponse(response)) {
        return { status: response.status ?? 200, body: parseBody(response) };
      }
      // Without httpCompleteResponse support the SDK resolves with the parsed body.
      return { status: 200, body: response };
    } catch (failure) {
      if (isHttpResponse(failure) && typeof failure.status === "number" && failure.status > 0) {
        return { status: failure.status, body: parseBody(failure) };
      }
      throw new TandemApiError("UNREACHABLE", "The Tandem server could not be reached");
    }
  };
}
