import { escapeHtml } from "./sim-ticket";

/** Settings the browser side of a simulator boots with (never secrets). */
export type HostBootConfig = Record<string, unknown>;

/** The HTML shell of a simulated agent page; the bundled host script renders the rest. */
export function hostPageHtml(options: {
  title: string;
  platform: "zendesk" | "freshdesk";
  scriptUrl: string;
  config: HostBootConfig;
}): string {
  // `<` is escaped so ticket text inside the JSON can never close the script element.
  const json = JSON.stringify(options.config).replaceAll("<", "\\u003c");
  return `<!doctype html>
<html lang="en" data-platform="${options.platform}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
</head>
<body>
<noscript>The simulated helpdesk needs JavaScript.</noscript>
<script id="sim-config" type="application/json">${json}</script>
<script src="${escapeHtml(options.scriptUrl)}"></script>
</body>
</html>`;
}
