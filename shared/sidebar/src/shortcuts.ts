/** The subset of a KeyboardEvent the shortcut map needs (keeps this module DOM-free). */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export type SidebarShortcut = "approve" | "insert_only" | "regenerate";

/** `aria-keyshortcuts` values, in the WAI-ARIA syntax. */
export const ShortcutAria: Record<SidebarShortcut, string> = {
  approve: "Control+Enter Meta+Enter",
  insert_only: "Control+Shift+Enter Meta+Shift+Enter",
  regenerate: "Alt+Shift+R",
};

/**
 * Ctrl/⌘+Enter approves and inserts, Ctrl/⌘+Shift+Enter inserts only, Alt+Shift+R regenerates.
 * These work from inside the draft textarea too, where plain Enter must stay a line break.
 */
export function matchShortcut(event: KeyLike): SidebarShortcut | null {
  const mod = event.ctrlKey || event.metaKey;
  if (event.key === "Enter" && mod && !event.altKey) {
    return event.shiftKey ? "insert_only" : "approve";
  }
  if (event.altKey && event.shiftKey && !mod && (event.key === "R" || event.key === "r")) {
    return "regenerate";
  }
  // Alt+Shift+R yields "®" or "‰" on some layouts; the code-independent check above misses it.
  if (event.altKey && event.shiftKey && !mod && (event.key === "®" || event.key === "‰")) {
    return "regenerate";
  }
  return null;
}
