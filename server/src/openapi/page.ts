/** A dependency-free API browser that renders /openapi.json. */
export const apiPageHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tandem API</title>
<style>
  :root { color-scheme: light dark; --fg:#1f2933; --muted:#616e7c; --bg:#fff; --card:#f5f7fa; --line:#d9e2ec; }
  @media (prefers-color-scheme: dark) { :root { --fg:#e4e7eb; --muted:#9aa5b1; --bg:#111417; --card:#1b1f24; --line:#323f4b; } }
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: var(--fg); background: var(--bg); }
  header { padding: 24px 32px; border-bottom: 1px solid var(--line); }
  main { max-width: 1000px; margin: 0 auto; padding: 16px 32px 64px; }
  h2 { margin-top: 32px; font-size: 18px; }
  details { border: 1px solid var(--line); border-radius: 8px; margin: 8px 0; background: var(--card); }
  summary { cursor: pointer; padding: 10px 14px; display: flex; gap: 12px; align-items: baseline; }
  .m { font: 600 12px/1 ui-monospace, monospace; text-transform: uppercase; padding: 4px 8px; border-radius: 4px; color: #fff; min-width: 52px; text-align: center; }
  .get { background: #2f6fb3; } .post { background: #2e8540; } .put { background: #b36b00; } .delete { background: #b3261e; } .patch { background: #6b4fbb; }
  code, pre { font-family: ui-monospace, monospace; font-size: 13px; }
  pre { background: var(--bg); border: 1px solid var(--line); padding: 12px; border-radius: 6px; overflow: auto; max-height: 420px; }
  .body { padding: 0 14px 14px; } .muted { color: var(--muted); }
  input { font: inherit; padding: 6px 10px; width: 320px; max-width: 100%; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); }
</style>
</head>
<body>
<header><strong>Tandem API</strong> <span class="muted" id="version"></span>
  <p class="muted">Errors always look like <code>{"error":{"code","message","requestId"}}</code>. <a href="/openapi.json">openapi.json</a></p>
  <input id="filter" placeholder="Filter operations…" aria-label="Filter operations"></header>
<main id="ops" aria-live="polite">Loading…</main>
<script>
const esc = (s) => String(s).replace(/[&<>"]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[ch]);
fetch("/openapi.json").then((r) => r.json()).then((doc) => {
  document.getElementById("version").textContent = "v" + doc.info.version;
  const byTag = {};
  for (const [path, ops] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(ops)) (byTag[op.tags[0]] ??= []).push({ path, method, op });
  const render = (filter) => {
    let html = "";
    for (const [tag, list] of Object.entries(byTag)) {
      const shown = list.filter((x) => !filter || (x.path + " " + x.op.summary).toLowerCase().includes(filter));
      if (!shown.length) continue;
      html += "<h2>" + esc(tag) + "</h2>";
      for (const { path, method, op } of shown) {
        const sec = op.security.length ? Object.entries(op.security[0]).map(([k, v]) => k + (v.length ? " (" + v.join(", ") + ")" : "")).join("") : "public";
        html += '<details><summary><span class="m ' + method + '">' + method + "</span><code>" + esc(path) + "</code><span>" + esc(op.summary) + '</span></summary><div class="body">';
        html += '<p class="muted">Auth: ' + esc(sec) + "</p>";
        if (op.parameters.length) html += "<h4>Parameters</h4><pre>" + esc(JSON.stringify(op.parameters, null, 2)) + "</pre>";
        if (op.requestBody) html += "<h4>Request body</h4><pre>" + esc(JSON.stringify(op.requestBody.content["application/json"].schema, null, 2)) + "</pre>";
        for (const [status, res] of Object.entries(op.responses)) {
          html += "<h4>" + esc(status) + " — " + esc(res.description) + "</h4>";
          if (res.content) html += "<pre>" + esc(JSON.stringify(Object.values(res.content)[0].schema, null, 2)) + "</pre>";
        }
        html += "</div></details>";
      }
    }
    document.getElementById("ops").innerHTML = html || "<p>No operation matches.</p>";
  };
  render("");
  document.getElementById("filter").addEventListener("input", (e) => render(e.target.value.toLowerCase()));
});
</script>
</body>
</html>`;
