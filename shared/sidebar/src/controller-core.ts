import { isTandemApiError, type TandemApi } from "./api";
import type { HostClient, Timers } from "./host";
import type { Translator } from "./i18n";
import type { ReviewError, ReviewState } from "./review-state";

/**
 * What the review controller's parts (drafts, decisions, executions, approvals, commitments,
 * outcomes, stale drafts) share: the services and the one state they all read and update.
 */
export interface ControllerCore {
  api: TandemApi;
  host: HostClient;
  t: Translator;
  timers: Timers;
  get(): ReviewState;
  set(patch: Partial<ReviewState>): void;
  isDisposed(): boolean;
}

/**
 * The one review state and who listens to it. After `dispose` nothing changes it any more (a
 * late answer of the server is dropped) and nobody is told.
 */
export function createReviewStore(initial: ReviewState) {
  let state = initial;
  const listeners = new Set<() => void>();
  let disposed = false;
  return {
    get: () => state,
    set(patch: Partial<ReviewState>) {
      if (disposed) return;
      state = { ...state, ...patch };
      for (const listener of listeners) listener();
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    isDisposed: () => disposed,
    dispose() {
      disposed = true;
      listeners.clear();
    },
  };
}

export function toReviewError(error: unknown): ReviewError {
  if (isTandemApiError(error)) {
    return {
      code: error.code,
      message: error.message,
      ...(error.requestId ? { requestId: error.requestId } : {}),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: "HOST_ERROR", message: message || "Unknown error" };
}

export const messageOf = (error: unknown) =>
  error instanceof Error ? error.message : typeof error === "string" ? error : "failed";

/** The 409s an agent can act on, in their language; other errors keep the server's words. */
export function localizedError(error: ReviewError, t: Translator): ReviewError {
  if (error.code === "UNBACKED_COMMITMENT") {
    return { ...error, message: t("commitments.server_refused") };
  }
  if (error.code === "TARGET_LOCKED") return { ...error, message: t("issues.target_locked") };
  return error;
}
