import { describeSidebarSuite } from "../src/testing/sidebar-suite";

/** Freshdesk's numeric status codes, as its properties form holds them. */
const STATUS: Record<string, string> = {
  "2": "open",
  "3": "pending",
  "4": "resolved",
  "5": "closed",
};

/** The real Freshdesk app (apps/freshdesk/dist) in the Freshworks host simulator against a real server. */
describeSidebarSuite("freshdesk", {
  status: async (page) => STATUS[await page.locator("#fd-status").inputValue()] ?? "unknown",
  tags: (page) => page.getByRole("list", { name: "Tags" }).getByRole("listitem").allTextContents(),
  saveButton: "Update",
  // The properties form's Update saves the fields only; the reply has its own Send.
  save: (page) => page.getByRole("button", { name: "Update", exact: true }).click(),
  sendReply: (page) => page.getByRole("button", { name: "Send", exact: true }).click(),
});
