/** Layout shared by both simulated agent pages; each host adds its own colours. */
export const baseCss = `
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--text);background:var(--bg)}
button,select,input,textarea{font:inherit}
.field{display:flex;flex-direction:column;gap:4px;margin-bottom:14px}
.field label,.field-label{font-weight:600;font-size:12px;color:var(--muted)}
.field select,.field input,.sim-drawer textarea,.sim-drawer select{border:1px solid var(--border);border-radius:4px;padding:6px 8px;background:#fff;color:var(--text)}
.field.unsaved select,.field.unsaved input{background:#fff8e6;border-color:#f5a133}
.unsaved-badge{align-self:flex-start;background:#fff0d4;color:#8a4b00;border-radius:3px;padding:0 5px;font-size:11px;font-weight:600}
.unsaved-summary{color:#8a4b00;font-size:12px;font-weight:600}
.requester{display:flex;flex-direction:column}.requester small{color:var(--muted)}
.tag-list{list-style:none;margin:4px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:4px}
.tag{background:var(--tag-bg);border-radius:3px;padding:1px 6px;font-size:12px}
.conversation{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:12px}
.message{background:#fff;border:1px solid var(--border);border-radius:6px;padding:10px 14px}
.message-agent{border-left:3px solid var(--accent)}
.message-internal{background:#fff8e6;border-color:#f5d48f}
.message-meta{display:flex;gap:8px;align-items:baseline;font-size:12px;color:var(--muted);margin-bottom:6px}
.message-meta strong{color:var(--text);font-size:13px}
.message-meta time{margin-left:auto}
.badge{background:var(--tag-bg);border-radius:10px;padding:0 6px}
.message-body p{margin:0 0 8px}.message-body p:last-child{margin:0}
.toasts{position:fixed;top:56px;left:50%;transform:translateX(-50%);display:flex;flex-direction:column;gap:8px;z-index:10}
.toast{background:#2f3941;color:#fff;border-radius:4px;padding:10px 14px;box-shadow:0 4px 12px #0003;display:flex;gap:8px;max-width:420px}
.toast-error,.toast-danger,.toast-alert{background:#cc3340}.toast-success{background:#038153}.toast-warning{background:#ad5918}
.sim-drawer{border-top:2px dashed #9aa5ad;background:#fbfbf7;padding:10px 16px;font-size:13px}
.sim-drawer .sim-row{display:flex;gap:10px;align-items:center;flex-wrap:wrap;margin-bottom:8px}
.sim-drawer .sim-customer textarea{flex:1 1 320px;min-height:44px}
.sim-button{border:1px solid #5c6970;background:#fff;border-radius:4px;padding:6px 10px;cursor:pointer}
.sim-status{color:var(--muted)}
.sim-link{color:var(--accent)}
.sim-log .log{max-height:220px;overflow:auto;font:12px/1.4 ui-monospace,monospace;margin:6px 0 0;padding:0;list-style:none}
.sim-log .log li{border-bottom:1px solid #eee;padding:2px 0;word-break:break-all}
.log-dir{display:inline-block;width:90px;color:var(--muted)}
.log-in .log-dir{color:#1f73b7}.log-out .log-dir{color:#038153}
iframe{border:0;width:100%;height:560px;display:block;background:#fff}
`;
