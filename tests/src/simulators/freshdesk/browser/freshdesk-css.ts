import { baseCss } from "../../shared/browser/base-css";

/** Freshdesk ticket page look: conversation centre, properties form, apps sidebar on the right. */
export const freshdeskCss = `${baseCss}
:root{--text:#12344d;--muted:#475867;--bg:#f5f7f9;--border:#cfd7df;--accent:#2c5cc5;--tag-bg:#ebeff3}
.fd-shell{display:flex;flex-direction:column;min-height:100%}
.fd-topbar{background:#fff;border-bottom:1px solid var(--border);display:flex;align-items:center;gap:14px;padding:0 16px;height:48px}
.fd-logo{font-weight:700;color:#2c5cc5}
.fd-sim-badge{font-size:12px;background:var(--tag-bg);border-radius:10px;padding:1px 8px}
.fd-agent{margin-left:auto;font-size:13px}
.fd-main{flex:1;display:grid;grid-template-columns:1fr 280px 330px;min-height:0}
.fd-center{display:flex;flex-direction:column;min-width:0;padding:16px 20px;gap:12px}
.fd-center h1{font-size:18px;margin:0}
.fd-meta{color:var(--muted);font-size:12px}
.fd-actions{display:flex;gap:8px}
.fd-button{border:1px solid var(--border);background:#fff;border-radius:4px;padding:6px 12px;cursor:pointer;color:var(--text)}
.fd-primary{background:#2c5cc5;border-color:#2c5cc5;color:#fff;font-weight:600}
.fd-editor-box{border:1px solid var(--border);border-radius:6px;background:#fff}
.fd-editor-box header{padding:6px 10px;border-bottom:1px solid var(--border);font-size:12px;color:var(--muted)}
.fd-editor{min-height:120px;padding:8px 10px}
.fd-editor:focus{outline:2px solid #2c5cc566}
.fd-editor.internal{background:#fef6e4}
.fd-editor-box footer{display:flex;gap:8px;justify-content:flex-end;padding:8px 10px;border-top:1px solid var(--border)}
.fd-props{background:#fff;border-left:1px solid var(--border);padding:16px}
.fd-props h2,.fd-apps h2{font-size:13px;text-transform:uppercase;letter-spacing:.4px;color:var(--muted);margin:0 0 12px}
.fd-props .hidden-field{display:none}
.fd-apps{border-left:1px solid var(--border);background:#fff;display:flex;flex-direction:column}
.fd-apps header{display:flex;align-items:center;justify-content:space-between;padding:12px 14px;border-bottom:1px solid var(--border)}
.fd-apps.collapsed iframe{display:none}
.fd-app-toggle{border:1px solid var(--border);border-radius:4px;background:#fff;padding:4px 8px;cursor:pointer}
.fd-dialog{border:1px solid var(--border);border-radius:8px;padding:16px;max-width:380px}
.fd-dialog::backdrop{background:#12344d55}
`;
