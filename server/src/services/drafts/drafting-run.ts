import type { Draft, DraftRequest } from "@tandem/shared";

export interface GenerateDraftInput {
  request: DraftRequest;
  /** Who asked: a sidebar (default), a webhook's pre-drafting job, or another API client. */
  origin?: "sidebar" | "webhook" | "api";
}

/** A drafting run: the request, and the agent who asked (the JWT's agent over the body's). */
export interface DraftingRun extends GenerateDraftInput {
  requestedBy: { id: string; name?: string } | null;
}

export interface GenerateDraftResult {
  draft: Draft;
  /** True when the stored draft for this revision was returned without drafting again. */
  cached: boolean;
}
