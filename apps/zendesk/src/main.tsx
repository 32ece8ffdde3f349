import "@zendeskgarden/css-bedrock";
import { createRoot } from "react-dom/client";
import { bootstrap } from "./bootstrap";

const container = document.getElementById("root");
if (container) void bootstrap(createRoot(container), window.ZAFClient);
