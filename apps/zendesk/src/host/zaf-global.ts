import type { ZafGlobal } from "./zaf-types";

/** The ZAF SDK's global (`ZAFClient`), which Zendesk's script defines in the app's iframe. */
export function zafGlobal(): ZafGlobal | undefined {
  return window.ZAFClient;
}
