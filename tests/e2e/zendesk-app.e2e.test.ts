import { describeSidebarSuite } from "../src/testing/sidebar-suite";

/** The real Zendesk app (apps/zendesk/dist) in the ZAF host simulator against a real server. */
describeSidebarSuite("zendesk", {
  status: async (page) =>
    ((await page.getByTestId("ticket-status").textContent()) ?? "").trim().toLowerCase(),
  tags: (page) => page.getByRole("list", { name: "Tags" }).getByRole("listitem").allTextContents(),
  saveButton: "Submit",
  // "Submit as Pending": saves the fields and sends the reply in the editor in one go.
  save: (page) => page.getByRole("button", { name: /^Submit as / }).click(),
  sendReply: async () => {},
});
