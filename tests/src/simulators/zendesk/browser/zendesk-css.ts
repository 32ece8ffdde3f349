import { baseCss } from "../../shared/browser/base-css";

/** Zendesk Agent Workspace look: dark top bar, fields left, conversation centre, apps right. */
export const zendeskCss = `${baseCss}
:root{--text:#2f3941;--muted:#68737d;--bg:#f8f9f9;--border:#d8dcde;--accent:#1f73b7;--tag-bg:#e9ebed}
.zd-shell{display:flex;flex-direction:column;min-height:100%}
.zd-topbar{background:#03363d;color:#fff;display:flex;align-items:center;gap:14px;padding:0 16px;height:44px}
.zd-logo{font-weight:700;letter-spacing:.2px}
.zd-sim-badge{font-size:12px;background:#ffffff22;border-radius:10px;padding:1px 8px}
.zd-agent{margin-left:auto;font-size:13px}
.zd-main{flex:1;display:grid;grid-template-columns:240px 1fr 340px;min-height:0}
.zd-fields{background:#fff;border-right:1px solid var(--border);padding:16px}
.zd-center{display:flex;flex-direction:column;min-width:0}
.zd-ticket-header{padding:14px 20px;border-bottom:1px solid var(--border);background:#fff}
.zd-ticket-header h1{font-size:18px;margin:6px 0 2px}
.ticket-id{color:var(--muted);font-size:12px}
.status-pill{display:inline-block;border-radius:3px;padding:0 6px;color:#fff;font-size:11px;font-weight:700;text-transform:uppercase}
.status-new{background:#ffb648;color:#703815}.status-open{background:#cc3340}.status-pending{background:#1f73b7}
.status-hold{background:#2f3941}.status-solved,.status-closed{background:#87929d}
.zd-conversation{flex:1;overflow:auto;padding:16px 20px}
.zd-composer{border-top:1px solid var(--border);background:#fff;padding:10px 20px 14px}
.tabs{display:flex;gap:4px;margin-bottom:6px}
.tab{border:0;background:none;padding:4px 8px;border-bottom:2px solid transparent;cursor:pointer;color:var(--muted)}
.tab[aria-selected=true]{border-color:var(--accent);color:var(--text);font-weight:600}
.zd-editor{min-height:110px;max-height:260px;overflow:auto;border:1px solid var(--border);border-radius:4px;padding:8px 10px;background:#fff}
.zd-editor.internal{background:#fff8e6}
.zd-editor:focus{outline:2px solid #1f73b766}
.zd-editor p{margin:0 0 8px}
.zd-submit-row{display:flex;justify-content:flex-end;gap:8px;margin-top:8px}
.zd-submit{background:#1f73b7;color:#fff;border:0;border-radius:4px;padding:8px 16px;font-weight:600;cursor:pointer}
.zd-submit[disabled]{opacity:.6}
.zd-submit-row .unsaved-summary{margin-right:auto;align-self:center}
.zd-submit-row select.unsaved{background:#fff8e6;border-color:#f5a133}
.zd-ticket-header .unsaved-badge{margin-left:6px}
.zd-apps{border-left:1px solid var(--border);background:#fff;display:flex;flex-direction:column}
.zd-apps>header{display:flex;justify-content:space-between;padding:10px 14px;border-bottom:1px solid var(--border);font-weight:600}
.zd-apps.collapsed .zd-app-frame{display:none}
.zd-app-title{padding:8px 14px;font-weight:600;font-size:13px;border-bottom:1px solid var(--border)}
.link{border:0;background:none;color:var(--accent);cursor:pointer}
`;
