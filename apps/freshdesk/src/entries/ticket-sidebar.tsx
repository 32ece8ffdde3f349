import "../ui/styles.css";
import { freshworksApp } from "../host/freshworks";
import { startTicketSidebar } from "../sidebar-app";

async function main() {
  const container = document.getElementById("root");
  if (!container) return;
  const client = await freshworksApp().initialized();
  startTicketSidebar(client, container, { fallbackLocale: navigator.language });
}

void main();
