import { expect } from "vitest";
import type { TestContext } from "../../test/app";

/** Stores each item under its `externalId` as the installation of `token`: each one new (201). */
export async function putKnowledge(
  t: TestContext,
  token: string,
  kind: "articles" | "macros",
  items: readonly { externalId: string }[],
) {
  for (const { externalId, ...item } of items) {
    const res = await t.call("PUT", `/v1/knowledge/${kind}/${externalId}`, { token, json: item });
    expect(res.status).toBe(201);
  }
}
