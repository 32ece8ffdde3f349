import {
  canDecide,
  type HostClient,
  matchShortcut,
  primaryTask,
  type ReviewController,
  type ReviewState,
  type Translator,
} from "@tandem/sidebar";
import { useEffect, useMemo, useRef } from "react";
import { Badge } from "../ui/badge";
import { Approvals } from "./approvals";
import { SidebarContext, useReviewState, useSidebar } from "./context";
import { DecidedView } from "./decided-view";
import { DraftView } from "./draft-view";
import { ErrorScreen, LoadingScreen, NoReplyNeeded } from "./screens";

function Header({ state }: { state: ReviewState }) {
  const { t } = useSidebar();
  const draft = state.draft;
  const seconds = draft ? t.number(draft.latencyMs / 1000, { maximumFractionDigits: 1 }) : "";
  return (
    <header className="td-header">
      <h1 className="td-title">{t("app.name")}</h1>
      {draft &&
        (draft.mode === "model" ? (
          <Badge
            value={t("header.mode_model", { seconds })}
            color="grey"
            aria-label={t("header.mode_model_label", { model: draft.model ?? "", seconds })}
          />
        ) : (
          <Badge
            value={t("header.mode_offline")}
            color="yellow"
            aria-label={t("header.mode_offline_label")}
          />
        ))}
    </header>
  );
}

function Body({ state }: { state: ReviewState }) {
  switch (state.phase) {
    case "loading":
      return <LoadingScreen />;
    case "ready":
      return <DraftView state={state} />;
    case "decided":
      return <DecidedView state={state} />;
    case "no_reply_needed":
      return <NoReplyNeeded />;
    default:
      return <ErrorScreen state={state} />;
  }
}

/** Keyboard shortcuts of the shared map, from anywhere in the sidebar (also inside the draft). */
function useShortcuts(controller: ReviewController) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const shortcut = matchShortcut(event);
      const state = controller.getState();
      if (!shortcut || state.phase !== "ready") return;
      // One-click approval follows the buttons: blocked by an unbacked promise or a stale
      // draft, and never for the draft while a bot request is the primary task.
      if (shortcut !== "regenerate" && (!canDecide(state) || primaryTask(state) === "approval")) {
        return;
      }
      event.preventDefault();
      if (shortcut === "approve") void controller.approveAndInsert();
      else if (shortcut === "insert_only") void controller.insertOnly();
      else void controller.regenerate();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [controller]);
}

/** Asks Freshdesk for the height the content needs (the platform caps it at 700 px). */
function useAutoResize(host: HostClient, element: React.RefObject<HTMLElement | null>) {
  useEffect(() => {
    const node = element.current;
    if (!node || typeof ResizeObserver === "undefined") return;
    let last = 0;
    const observer = new ResizeObserver(() => {
      const height = Math.ceil(node.scrollHeight + 16);
      if (Math.abs(height - last) < 8) return;
      last = height;
      host.resize(height);
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [host, element]);
}

function SidebarBody({ host }: { host: HostClient }) {
  const { t, controller } = useSidebar();
  const state = useReviewState();
  const ref = useRef<HTMLElement>(null);
  useShortcuts(controller);
  useAutoResize(host, ref);
  return (
    <main ref={ref} className="td-sidebar" aria-label={t("app.sidebar_label")} lang={t.locale}>
      <Header state={state} />
      <Approvals state={state} />
      <Body state={state} />
    </main>
  );
}

export interface SidebarProps {
  controller: ReviewController;
  host: HostClient;
  t: Translator;
}

/** The Freshdesk ticket sidebar over the shared review controller. */
export function Sidebar({ controller, host, t }: SidebarProps) {
  const value = useMemo(() => ({ controller, t }), [controller, t]);
  return (
    <SidebarContext.Provider value={value}>
      <SidebarBody host={host} />
    </SidebarContext.Provider>
  );
}
