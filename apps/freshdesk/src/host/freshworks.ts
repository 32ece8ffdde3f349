/**
 * The part of the Freshworks Platform 3.0 front-end client (`{{{appclient}}}`) this app uses.
 * Freshworks publishes no typings; shapes follow the platform docs and official samples
 * (see shared/docs/freshdesk-platform.md §2).
 */

import type { FreshdeskRequesterData, FreshdeskTicketData } from "@tandem/ticket-mapping";

export interface FwEvent<T = unknown> {
  type?: string;
  helper: {
    getData(): T;
    /** Only on intercepted events: let the host action proceed. */
    done?(): void;
    fail?(message: string): void;
  };
}

export type FwEventHandler = (event: FwEvent) => void;

/** What `invokeTemplate` resolves with, and (with a non-2xx status) rejects with. */
export interface FwInvokeResult {
  status: number;
  headers?: Record<string, string>;
  /** Raw body text. */
  response?: string;
  /** Set on platform-side failures (bad template, timeout, rate limit). */
  errorSource?: "APP" | "PLATFORM" | string;
  message?: string;
  attempts?: number;
}

export type FwContextValue = string | number;

export interface FwInvokeOptions {
  context?: Record<string, FwContextValue>;
  body?: string;
}

export type FwNotifyType = "info" | "success" | "warning" | "danger" | "alert";

/** The `ticket` data object: Freshdesk REST v2 field names, as the shared mapping reads them. */
export interface FwTicketData extends FreshdeskTicketData {
  id: number;
  tags?: string[] | null;
  updated_at?: string | null;
}

export interface FwRequesterData extends FreshdeskRequesterData {
  id: number;
}

export interface FwLoggedInUserData {
  id: number;
  contact?: { name?: string | null; email?: string | null; language?: string | null } | null;
}

export interface FwDataMap {
  ticket: FwTicketData;
  requester: FwRequesterData;
  loggedInUser: FwLoggedInUserData;
}

export interface FwClient {
  data: {
    get<K extends keyof FwDataMap>(name: K): Promise<{ [P in K]: FwDataMap[P] }>;
  };
  events: {
    on(name: string, handler: FwEventHandler, options?: { intercept?: boolean }): void;
    off?(name: string, handler: FwEventHandler, options?: { intercept?: boolean }): void;
  };
  interface: {
    trigger(method: string, options?: Record<string, unknown>): Promise<unknown>;
  };
  request: {
    invokeTemplate(name: string, options?: FwInvokeOptions): Promise<FwInvokeResult>;
  };
  iparams: {
    /** Non-secure installation parameters only; secure ones never reach the browser. */
    get(): Promise<Record<string, unknown>>;
  };
  instance: {
    resize(options: { height: string }): Promise<unknown> | undefined;
  };
}

export interface FwApp {
  initialized(): Promise<FwClient>;
}

declare global {
  interface Window {
    /** Set by the platform's `{{{appclient}}}` script. */
    app?: FwApp;
  }
}

/** The platform's client promise, or a clear error when the page runs outside Freshdesk. */
export function freshworksApp(win: Window = window): FwApp {
  if (!win.app || typeof win.app.initialized !== "function") {
    throw new Error("The Freshworks app client is missing: open this page inside Freshdesk.");
  }
  return win.app;
}
