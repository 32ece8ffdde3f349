import "@zendeskgarden/css-bedrock";
import { createRoot } from "react-dom/client";
import { bootstrap } from "./bootstrap";
import { zafGlobal } from "./host/zaf-global";

const container = document.getElementById("root");
if (container) void bootstrap(createRoot(container), zafGlobal());
