import type { Params, TicketContext } from "@tandem/shared";

/** The signed-in agent as the helpdesk reports them. */
export interface HostUser {
  id: string;
  name: string;
  /** The agent's UI locale (e.g. `pt-BR`), used to pick the sidebar language. */
  locale?: string;
}

/** A ticket-field action the sidebar applies in the helpdesk UI (business actions run server-side). */
export interface HostAction {
  id: string;
  type: string;
  params: Params;
}

/**
 * What the helpdesk did with one field action: `applied` saved on the ticket; `staged` set in the
 * ticket form but saved only when the agent submits it (Zendesk `client.set`, Freshdesk
 * `setValue`); `failed` not set at all. The host adapter decides, since only it knows its SDK.
 */
export type HostApplyResult = "applied" | "staged" | "failed";

export interface HostActionResult {
  id: string;
  result: HostApplyResult;
  /** Why the host could not apply it, in words an agent can read (with `failed`). */
  error?: string;
}

export type NotifyKind = "success" | "info" | "error";

/** What changed on the ticket; `conversation` means messages were added or edited. */
export interface TicketChange {
  fields: string[];
}

export type ColorScheme = "light" | "dark";

/**
 * Everything the sidebar core needs from a helpdesk. Each app implements it over its SDK
 * (ZAF client, Freshworks client); tests implement it with a fake.
 */
export interface HostClient {
  getTicket(): Promise<TicketContext>;
  getCurrentUser(): Promise<HostUser>;
  /** Puts the reply into the helpdesk's reply editor (plain text; the adapter formats it). */
  insertReply(text: string): Promise<void>;
  /** Applies field actions to the open ticket; one result per action, never throws per action. */
  applyActions(actions: HostAction[]): Promise<HostActionResult[]>;
  notify(message: string, kind?: NotifyKind): void;
  /** Asks the host to give the sidebar iframe this height in CSS pixels. */
  resize(height: number): void;
  onTicketChanged(listener: (change: TicketChange) => void): () => void;
  /** Fires after the agent submitted the ticket, with the plain text of the reply actually sent. */
  onReplySent(listener: (text: string) => void): () => void;
  /**
   * Fires when the agent saved the ticket (submitted it, or updated its properties), so field
   * changes staged in the form are saved now: `actionIds` names the staged actions the save
   * covered, or is undefined for "everything staged". Without it only `onReplySent` tells.
   */
  onTicketSaved?(listener: (actionIds?: string[]) => void): () => void;
  /** The host's colour scheme when it exposes one. */
  getColorScheme?(): ColorScheme | undefined;
  /**
   * Fires when the helpdesk shows or hides the sidebar (another ticket tab, app closed), where
   * the host reports it; polling pauses while hidden.
   */
  onVisibilityChanged?(listener: (visible: boolean) => void): () => void;
  /**
   * True when the last `getTicket()` could not read the conversation and returned the first
   * message only (e.g. a wrong helpdesk API key), so drafts may miss later messages.
   */
  lastTicketPartial?(): boolean;
}

/** Timer functions the sidebar core polls with; tests pass manual ones (see `testing.ts`). */
export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const browserTimers: Timers = {
  set: (callback, ms) => globalThis.setTimeout(callback, ms),
  clear: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};
