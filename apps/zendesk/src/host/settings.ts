import type { ZafMetadata } from "./zaf-types";

/** Manifest parameter names; secure ones are only ever referenced as `{{setting.…}}`. */
export const SETTING = {
  serverUrl: "server_url",
  apiToken: "api_token",
  jwtSecret: "jwt_secret",
  useJwt: "sign_agent_identity",
} as const;

export interface AppSettings {
  /** Without trailing slash, or null when missing/invalid. */
  serverUrl: string | null;
  /** Whether requests carry the proxy-signed JWT (its secret never reaches JS). */
  useJwt: boolean;
}

function truthy(value: unknown): boolean {
  return value === true || value === "true" || value === 1 || value === "1";
}

export function normalizeServerUrl(value: unknown): string | null {
  if (typeof value !== "string" || value.trim() === "") return null;
  try {
    const url = new URL(value.trim());
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  } catch {
    return null;
  }
}

/** Reads the non-secure settings Zendesk exposes in `metadata().settings`. */
export function readSettings(metadata: Pick<ZafMetadata, "settings"> | null): AppSettings {
  const settings = metadata?.settings ?? {};
  return {
    serverUrl: normalizeServerUrl(settings[SETTING.serverUrl]),
    useJwt: truthy(settings[SETTING.useJwt]),
  };
}
