import "../ui/styles.css";
import { startAnalyticsPage } from "../full-page-app";
import { freshworksApp } from "../host/freshworks";

async function main() {
  const container = document.getElementById("root");
  if (!container) return;
  const client = await freshworksApp().initialized();
  startAnalyticsPage(client, container);
}

void main();
