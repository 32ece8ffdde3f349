import "../ui/styles.css";
import { startAnalyticsPage } from "../full-page-app";
import { initializeFreshdesk } from "../host/connect";

async function main() {
  const container = document.getElementById("root");
  if (!container) return;
  const client = await initializeFreshdesk();
  startAnalyticsPage(client, container);
}

void main();
