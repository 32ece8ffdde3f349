import { sampleDraft } from "@tandem/sidebar/testing";
import { act, screen, waitFor } from "@testing-library/react";
import { createRoot } from "react-dom/client";
import { afterEach, describe, expect, it } from "vitest";
import { bootstrap } from "../src/bootstrap";
import { createFakeZaf, zafConversation, zafTicket } from "./fake-zaf";

const roots: Array<ReturnType<typeof createRoot>> = [];
function mount() {
  const container = document.createElement("div");
  document.body.append(container);
  const root = createRoot(container);
  roots.push(root);
  return root;
}
afterEach(() => {
  for (const root of roots.splice(0)) act(() => root.unmount());
  document.body.innerHTML = "";
});

function zafWith(values: Record<string, unknown>) {
  const zaf = createFakeZaf({
    ticket: zafTicket,
    "ticket.conversation": zafConversation,
    currentUser: { id: 77, name: "Ana Agent", locale: "es-419" },
    ...values,
  });
  return { zaf, global: { init: () => zaf.client } };
}

describe("bootstrap", () => {
  it("asks to be opened from a ticket when loaded outside Zendesk", async () => {
    await act(async () => {
      await bootstrap(mount(), { init: () => false });
    });
    expect(screen.getByRole("alert")).toHaveTextContent("Open this app from a ticket");
  });

  it("shows not configured (in the agent's language) when the server URL is missing", async () => {
    const { zaf, global } = zafWith({ __settings: {} });
    await act(async () => {
      await bootstrap(mount(), global);
    });
    expect(await screen.findByRole("alert")).toHaveTextContent("Tandem aún no está configurado");
    expect(screen.getByRole("alert")).toHaveTextContent("URL del servidor de Tandem");
    expect(zaf.calls.request).toHaveLength(0);
  });

  it("drafts through the secure proxy request and renders the sidebar", async () => {
    const { zaf, global } = zafWith({
      __settings: { server_url: "https://tandem.example.com", sign_agent_identity: true },
    });
    zaf.respondWith(async (options) => {
      if (options.url.endsWith("/v1/drafts")) return { status: 200, responseJSON: sampleDraft() };
      if (options.url.endsWith("/approvals"))
        return { status: 200, responseJSON: { approvals: [] } };
      return { status: 204, responseText: "" };
    });
    await act(async () => {
      await bootstrap(mount(), global);
    });
    expect(await screen.findByRole("button", { name: "Aprobar e insertar" })).toBeEnabled();
    const draftCall = zaf.calls.request.find((options) => options.url.endsWith("/v1/drafts"));
    expect(draftCall).toMatchObject({
      secure: true,
      type: "POST",
      jwt: { claims: { agent_id: "77" } },
    });
    expect(JSON.parse(draftCall?.data ?? "{}").ticket.id).toBe("4242");
    expect(zaf.calls.request.some((options) => options.url.endsWith("/shown"))).toBe(true);
    expect(JSON.stringify(zaf.calls.request)).not.toMatch(/secret(?!_key|\}\})/);
  });

  it("renders the shared analytics dashboard in the nav bar, scoped to Zendesk", async () => {
    const { zaf, global } = zafWith({
      __location: "nav_bar",
      __settings: { server_url: "https://tandem.example.com" },
    });
    zaf.respondWith(async () => {
      throw { status: 0 };
    });
    await act(async () => {
      await bootstrap(mount(), global);
    });
    expect(await screen.findByRole("heading", { name: "Analítica de Tandem" })).toBeInTheDocument();
    await waitFor(() => expect(zaf.calls.request.length).toBeGreaterThan(0));
    for (const options of zaf.calls.request) {
      expect(options).toMatchObject({ secure: true, type: "GET" });
      expect(options.url).toMatch(
        /^https:\/\/tandem\.example\.com\/v1\/analytics\/summary\?.*platform=zendesk/,
      );
    }
    expect(await screen.findByText(/Could not load analytics/)).toBeInTheDocument();
  });

  it("tells the admin to configure the app on the analytics page too", async () => {
    const { zaf, global } = zafWith({ __location: "nav_bar", __settings: {} });
    await act(async () => {
      await bootstrap(mount(), global);
    });
    expect(await screen.findByRole("alert")).toHaveTextContent("Tandem aún no está configurado");
    expect(zaf.calls.request).toHaveLength(0);
  });
});
