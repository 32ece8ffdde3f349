import "../ui/styles.css";
import { initializeFreshdesk } from "../host/connect";
import { startTicketSidebar } from "../sidebar-app";

async function main() {
  const container = document.getElementById("root");
  if (!container) return;
  const client = await initializeFreshdesk();
  startTicketSidebar(client, container, { fallbackLocale: navigator.language });
}

void main();
