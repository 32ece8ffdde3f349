import { el } from "./dom";
import { mountDashboard } from "./mount";
import { injectDashboardStyles } from "./styles";

/**
 * The browser entry of the server's /dashboard page. The installation token comes from the URL
 * fragment (`#token=…`, never sent to the server in a URL) or a sign-in form, and is kept in
 * sessionStorage for this tab only.
 */
const STORAGE_KEY = "tandem.dashboard.token";

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function tokenFromFragment(): string | null {
  const params = new URLSearchParams(location.hash.replace(/^#/, ""));
  const token = params.get("token");
  if (!token) return null;
  // Drop the token from the address bar and history.
  history.replaceState(null, "", location.pathname + location.search);
  return token;
}

async function request(token: string, path: string): Promise<Response> {
  const response = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) {
    let message = `HTTP ${response.status}`;
    try {
      const body = (await response.json()) as { error?: { message?: string } };
      if (body.error?.message) message = body.error.message;
    } catch {
      // Not JSON: keep the status.
    }
    throw new HttpError(response.status, message);
  }
  return response;
}

function signIn(root: HTMLElement, error?: string) {
  const doc = root.ownerDocument;
  const input = el(doc, "input", {
    type: "password",
    id: "tandem-token",
    autocomplete: "off",
    required: true,
    spellcheck: "false",
    placeholder: "tdm_…",
  });
  const form = el(doc, "form", { class: "tandem-card tandem-signin" }, [
    el(doc, "h1", {}, ["Tandem analytics"]),
    el(doc, "p", { class: "tandem-card-note" }, [
      "Enter an installation token: the app token is enough to read analytics. It is kept in this browser tab only.",
    ]),
    error
      ? el(doc, "p", { class: "tandem-status tandem-status-error", role: "alert" }, [error])
      : null,
    el(doc, "label", { class: "tandem-field", for: "tandem-token" }, ["Installation token"]),
    input,
    el(doc, "button", { type: "submit", class: "tandem-button tandem-button-primary" }, [
      "Open dashboard",
    ]),
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) return;
    sessionStorage.setItem(STORAGE_KEY, token);
    void open(root, token);
  });
  root.replaceChildren(el(doc, "div", { class: "tandem-dashboard" }, [form]));
  input.focus();
}

async function open(root: HTMLElement, token: string) {
  let title = "Approval analytics";
  try {
    const who = (await (await request(token, "/v1/installation")).json()) as {
      installation: { subdomain: string; platform: string; name?: string };
    };
    const platform = who.installation.platform === "zendesk" ? "Zendesk" : "Freshdesk";
    title = `Approval analytics · ${who.installation.name ?? who.installation.subdomain} (${platform})`;
  } catch (error) {
    if (error instanceof HttpError && (error.status === 401 || error.status === 403)) {
      sessionStorage.removeItem(STORAGE_KEY);
      signIn(root, error.status === 401 ? "That token is unknown or revoked." : error.message);
      return;
    }
  }
  const mounted = mountDashboard(root, {
    title,
    fetchJson: async (path) => (await request(token, path)).json(),
    downloadCsv: async (path, filename) => {
      const blob = await (await request(token, path)).blob();
      const url = URL.createObjectURL(blob);
      const link = el(document, "a", { href: url, download: filename });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
    onError: (error) => {
      if (error instanceof HttpError && error.status === 401) {
        sessionStorage.removeItem(STORAGE_KEY);
        mounted.destroy();
        signIn(root, "Your token is no longer valid. Enter a new one.");
      }
    },
  });
  const signOut = el(document, "button", { type: "button", class: "tandem-button" }, ["Sign out"]);
  signOut.addEventListener("click", () => {
    sessionStorage.removeItem(STORAGE_KEY);
    mounted.destroy();
    signIn(root);
  });
  root.querySelector(".tandem-toolbar")?.append(signOut);
}

export function startDashboardPage(root: HTMLElement) {
  injectDashboardStyles(root.ownerDocument);
  const fromFragment = tokenFromFragment();
  if (fromFragment) sessionStorage.setItem(STORAGE_KEY, fromFragment);
  const token = fromFragment ?? sessionStorage.getItem(STORAGE_KEY);
  if (token) void open(root, token);
  else signIn(root);
}

const root = typeof document !== "undefined" ? document.getElementById("tandem-root") : null;
if (root) startDashboardPage(root);
