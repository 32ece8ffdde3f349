import type { SimTicket } from "../simulators/shared/sim-ticket";
import { escapeHtml } from "../simulators/shared/sim-ticket";

export interface LandingInfo {
  tandemUrl: string;
  drafter: string;
  database: string;
  platforms: Array<{
    key: "zendesk" | "freshdesk";
    label: string;
    tickets: SimTicket[];
    dashboardUrl: string;
    available: boolean;
  }>;
}

const LANG: Record<string, string> = {
  en: "English",
  es: "Spanish",
  de: "German",
  fr: "French",
  pt: "Portuguese",
};

/** The playground's front door: both simulated helpdesks, the demo, dashboards. */
export function landingPageHtml(info: LandingInfo): string {
  const platform = (p: LandingInfo["platforms"][number]) => {
    const tickets = p.tickets
      .map(
        (t) =>
          `<li><a href="/${p.key}/tickets/${t.id}">#${t.id} ${escapeHtml(t.subject)}</a> <span class="meta">${escapeHtml(t.requester.name)} · ${escapeHtml(LANG[t.requester.locale ?? ""] ?? t.requester.locale ?? "")}</span></li>`,
      )
      .join("");
    return `<section aria-labelledby="${p.key}-title"><h2 id="${p.key}-title">${p.label} (simulated)</h2>
${p.available ? `<ul aria-label="${p.label} tickets">${tickets}</ul>` : `<p>The ${p.label} app is not built yet: run <code>pnpm --filter @tandem/${p.key} build</code> and restart.</p>`}
<p><a href="${escapeHtml(p.dashboardUrl)}" target="_blank" rel="noopener">${p.label} analytics dashboard</a></p></section>`;
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tandem playground</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1f2933}
header{background:#1f2933;color:#fff;padding:20px 32px}header p{margin:4px 0 0;opacity:.85}
main{max-width:1100px;margin:24px auto;padding:0 24px;display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:20px}
section{background:#fff;border-radius:10px;padding:8px 20px 16px;box-shadow:0 1px 3px rgba(0,0,0,.1)}
h2{font-size:18px}ul{padding-left:18px}li{margin:6px 0}.meta{color:#52606d;font-size:14px}
a{color:#0b4f6c}.feature{grid-column:1/-1;border-left:5px solid #0b6e4f}
footer{max-width:1100px;margin:0 auto 32px;padding:0 24px;color:#52606d;font-size:14px}
</style></head>
<body>
<header><h1 style="margin:0">Tandem playground</h1>
<p>Human-in-the-loop AI drafts inside simulated Zendesk and Freshdesk, running on this machine. Open a ticket: the draft appears in the Tandem sidebar; approve, edit or reject it and watch the analytics fill.</p></header>
<main>
<section class="feature" aria-labelledby="demo-title"><h2 id="demo-title">Travel-booking demo: consult a human</h2>
<p>A chat bot wants to change the dates of Emma's Hawaii trip. It asks a human agent through Tandem first; the request appears in the Zendesk sidebar, and approving it changes the booking in the <a href="/booking/">booking system</a>.</p>
<p><a href="/demo/travel/"><strong>Open the travel-booking demo →</strong></a></p></section>
${info.platforms.map(platform).join("\n")}
</main>
<footer><p>Tandem server: <a href="${escapeHtml(info.tandemUrl)}/docs">${escapeHtml(info.tandemUrl)}</a> (API docs) · drafter: ${escapeHtml(info.drafter)} · database: ${escapeHtml(info.database)}. Tickets live in memory and reset on restart; drafts, decisions and analytics are kept in the database.</p></footer>
</body></html>`;
}
