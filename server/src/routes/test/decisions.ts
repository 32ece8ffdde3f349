import { randomUUID } from "node:crypto";
import type { TestContext } from "../../test/app";

/** The agent the route tests decide as. */
export const agent = { id: "agent-7", name: "Ana Agent" };

/**
 * A decision on `draft` as the sidebar sends it: a fresh idempotency key, the test agent, the
 * draft's revision and the reply accepted; `body` adds to it or overrides it.
 */
export function decisionBody(
  draft: { ticketRevision: string },
  body: Record<string, unknown> = {},
) {
  return {
    idempotencyKey: `idem-${randomUUID()}`,
    agent,
    ticketRevision: draft.ticketRevision,
    reply: { outcome: "accepted" },
    ...body,
  };
}

/** POSTs `decisionBody(draft, body)` to the draft's decision endpoint with `token`. */
export function postDecision(
  t: TestContext,
  token: string,
  draft: { id: string; ticketRevision: string },
  body: Record<string, unknown> = {},
) {
  return t.call("POST", `/v1/drafts/${draft.id}/decision`, {
    token,
    json: decisionBody(draft, body),
  });
}
