import { buildApps } from "../src/lib/build-apps";

/** Builds the sidebar apps once for the whole browser suite. */
export default async function setup() {
  await buildApps({ quiet: true });
}
