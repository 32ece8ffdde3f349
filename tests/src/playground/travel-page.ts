/** The travel demo page: the customer's chat on the left, the helpdesk agent's view on the right. */
export function travelPageHtml(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Travel-booking demo · Tandem playground</title>
<style>
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#eef2f5;color:#1f2933;height:100vh;display:flex;flex-direction:column}
header{background:#0b4f6c;color:#fff;padding:10px 20px;display:flex;gap:16px;align-items:center;flex-wrap:wrap}
header a{color:#fff}
header p{margin:0;opacity:.9;font-size:14px}
main{flex:1;display:grid;grid-template-columns:minmax(320px,400px) 1fr;gap:16px;padding:16px;min-height:0}
section{background:#fff;border-radius:10px;box-shadow:0 1px 3px rgba(0,0,0,.12);display:flex;flex-direction:column;min-height:0}
section h2{font-size:15px;margin:0;padding:12px 16px;border-bottom:1px solid #e4e7eb}
#log{flex:1;overflow:auto;padding:12px 16px;list-style:none;margin:0;display:flex;flex-direction:column;gap:8px}
#log li{max-width:88%;padding:8px 12px;border-radius:12px;white-space:pre-wrap}
#log li.bot{background:#e8eef2;align-self:flex-start}
#log li.customer{background:#0b6e4f;color:#fff;align-self:flex-end}
#log li.system{align-self:center;background:none;color:#52606d;font-size:13px;text-align:center}
#log .who{display:block;font-size:12px;font-weight:600;opacity:.8}
form{display:flex;gap:8px;padding:12px 16px;border-top:1px solid #e4e7eb}
form input{flex:1;font:inherit;padding:8px 10px;border:1px solid #9aa5b1;border-radius:6px}
button{font:inherit;padding:8px 14px;border-radius:6px;border:1px solid #0b4f6c;background:#0b4f6c;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#0b4f6c}
button:disabled{opacity:.6;cursor:default}
#suggestions{display:flex;gap:6px;flex-wrap:wrap;padding:0 16px 12px}
#suggestions button{font-size:13px;padding:4px 10px;background:#fff;color:#0b4f6c}
#typing{padding:0 16px 8px;color:#52606d;font-size:13px;min-height:20px}
.agent{display:grid;grid-template-rows:auto 1fr auto;min-height:0}
.agent iframe{width:100%;height:100%;border:0;border-radius:0 0 10px 10px;min-height:420px}
#agent-empty{padding:24px;color:#52606d}
#booking{padding:10px 16px;border-top:1px solid #e4e7eb;font-size:14px}
.bar{display:flex;justify-content:space-between;align-items:center;gap:8px;padding-right:12px;border-bottom:1px solid #e4e7eb}
.bar h2{border:0}
</style></head>
<body>
<header><strong>Travel-booking demo</strong>
<p>A chat bot asks a human in the helpdesk before it changes a booking. Chat as Emma on the left, decide as the agent on the right.</p>
<a href="/">Playground home</a> <a href="/booking/" target="_blank" rel="noopener">Booking system</a></header>
<main>
<section aria-labelledby="chat-title">
  <div class="bar"><h2 id="chat-title">Chat with Trip bot</h2><button type="button" class="secondary" id="restart">Start over</button></div>
  <ol id="log" aria-live="polite" aria-label="Chat messages"></ol>
  <div id="typing" aria-live="polite"></div>
  <div id="suggestions" aria-label="Suggested messages">
    <button type="button">Can you move my Maui trip to 10–17 March?</button>
    <button type="button">Could we come a week later instead?</button>
  </div>
  <form id="composer"><label for="message" class="visually-hidden" style="position:absolute;left:-9999px">Your message</label>
  <input id="message" name="message" autocomplete="off" placeholder="Type a message…" maxlength="2000"><button type="submit" id="send">Send</button></form>
</section>
<section class="agent" aria-labelledby="agent-title">
  <div class="bar"><h2 id="agent-title">Helpdesk agent's view (simulated Zendesk)</h2><a id="open-ticket" href="#" target="_blank" rel="noopener" hidden>Open in a new tab</a></div>
  <div id="agent-pane"><p id="agent-empty">The chat is logged to a Zendesk ticket once Emma writes. When Trip bot asks for approval, the request appears at the top of the Tandem sidebar here.</p></div>
  <div id="booking" aria-live="polite"></div>
</section>
</main>
<script>
(() => {
  const log = document.getElementById("log");
  const typing = document.getElementById("typing");
  const input = document.getElementById("message");
  const send = document.getElementById("send");
  const pane = document.getElementById("agent-pane");
  const openTicket = document.getElementById("open-ticket");
  const bookingBox = document.getElementById("booking");
  let session = null;
  let shown = 0;
  let shownTicket = null;
  let shownApproval = null;
  let timer = null;

  const api = async (method, path, body) => {
    const res = await fetch("/demo/travel/api" + path, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(data.error || "HTTP " + res.status);
    return data;
  };

  function render(next) {
    session = next;
    for (const line of session.lines.slice(shown)) {
      const li = document.createElement("li");
      li.className = line.from;
      li.dataset.from = line.from;
      if (line.from !== "system") {
        const who = document.createElement("span");
        who.className = "who";
        who.textContent = line.from === "bot" ? "Trip bot" : "Emma";
        li.append(who);
      }
      li.append(document.createTextNode(line.text));
      log.append(li);
    }
    if (session.lines.length !== shown) log.scrollTop = log.scrollHeight;
    shown = session.lines.length;
    const waiting = session.approval && session.approval.status === "pending";
    typing.textContent = session.busy ? (waiting ? "Trip bot is waiting for a human colleague…" : "Trip bot is typing…") : "";
    send.disabled = session.busy;
    if (session.ticketUrl && (session.ticketUrl !== shownTicket || (session.approval && session.approval.id !== shownApproval))) {
      // A new approval request: load the agent's view again so the sidebar lists it.
      shownTicket = session.ticketUrl;
      shownApproval = session.approval ? session.approval.id : null;
      const frame = document.createElement("iframe");
      frame.title = "Simulated Zendesk ticket";
      frame.src = session.ticketUrl;
      frame.dataset.testid = "agent-view";
      pane.replaceChildren(frame);
      openTicket.href = session.ticketUrl;
      openTicket.hidden = false;
    }
    const b = session.booking;
    bookingBox.textContent = b ? "Booking system: " + b.id + " · " + b.property + " · " + b.checkIn + " → " + b.checkOut : "";
  }

  async function poll() {
    if (!session) return;
    try { render(await api("GET", "/sessions/" + session.id)); } catch {}
    timer = setTimeout(poll, session.busy ? 700 : 2000);
  }

  async function start() {
    clearTimeout(timer);
    log.replaceChildren();
    shown = 0; shownTicket = null; shownApproval = null;
    pane.replaceChildren(document.getElementById("agent-empty") || Object.assign(document.createElement("p"), { id: "agent-empty", textContent: "The chat is logged to a Zendesk ticket once Emma writes." }));
    openTicket.hidden = true;
    render(await api("POST", "/sessions"));
    timer = setTimeout(poll, 1000);
  }

  async function say(text) {
    if (!text.trim() || !session || session.busy) return;
    input.value = "";
    try { render(await api("POST", "/sessions/" + session.id + "/messages", { text })); }
    catch (e) { typing.textContent = String(e.message || e); }
    clearTimeout(timer);
    timer = setTimeout(poll, 500);
  }

  document.getElementById("composer").addEventListener("submit", (e) => { e.preventDefault(); say(input.value); });
  for (const b of document.querySelectorAll("#suggestions button")) b.addEventListener("click", () => say(b.textContent));
  document.getElementById("restart").addEventListener("click", () => start());
  start();
})();
</script>
</body></html>`;
}
