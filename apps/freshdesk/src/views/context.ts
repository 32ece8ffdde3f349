import type { ReviewController, ReviewState, Translator } from "@tandem/sidebar";
import { createContext, useContext, useSyncExternalStore } from "react";

export interface SidebarContextValue {
  controller: ReviewController;
  t: Translator;
}

export const SidebarContext = createContext<SidebarContextValue | null>(null);

export function useSidebar(): SidebarContextValue {
  const value = useContext(SidebarContext);
  if (!value) throw new Error("useSidebar outside <SidebarContext.Provider>");
  return value;
}

/** The review state, re-rendering on every controller update. */
export function useReviewState(): ReviewState {
  const { controller } = useSidebar();
  return useSyncExternalStore(controller.subscribe, controller.getState, controller.getState);
}
