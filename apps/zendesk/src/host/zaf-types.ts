/**
 * The slice of the ZAF v2 client (`window.ZAFClient.init()`) the app uses. Typed here rather than
 * taken from the SDK package so tests can pass a fake and the CDN script stays the runtime source.
 */
export type ZafResult = Record<string, unknown> & { errors?: Record<string, unknown> };

export interface ZafRequestOptions {
  url: string;
  type: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  contentType?: string;
  data?: string;
  dataType?: string;
  headers?: Record<string, string>;
  secure?: boolean;
  cors?: boolean;
  httpCompleteResponse?: boolean;
  timeout?: number;
  jwt?: {
    algorithm: "HS256";
    secret_key: string;
    expiry?: number;
    claims?: Record<string, string | number>;
  };
}

/** What `request()` resolves (with `httpCompleteResponse`) or rejects with (XHR-like). */
export interface ZafHttpResponse {
  status?: number;
  statusText?: string;
  responseText?: string;
  responseJSON?: unknown;
}

export interface ZafContext {
  product?: string;
  location: string;
  instanceGuid?: string;
  ticketId?: number | string;
  account?: { subdomain?: string };
}

export interface ZafMetadata {
  appId?: number;
  installationId?: number;
  name?: string;
  version?: string;
  settings: Record<string, unknown>;
}

export interface ZafClient {
  get(paths: string | string[]): Promise<ZafResult>;
  set(path: string, value: unknown): Promise<ZafResult>;
  invoke(name: string, ...args: unknown[]): Promise<ZafResult>;
  request(options: ZafRequestOptions): Promise<unknown>;
  on(event: string, handler: (payload: unknown) => unknown): void;
  off?(event: string, handler: (payload: unknown) => unknown): void;
  context(): Promise<ZafContext>;
  metadata(): Promise<ZafMetadata>;
}

export interface ZafGlobal {
  init(callback?: (data: unknown) => void): ZafClient | false;
}

declare global {
  interface Window {
    ZAFClient?: ZafGlobal;
  }
}
