import { type MountedDashboard, mountDashboard } from "@tandem/dashboard";
import { errorFromResponse, isTandemApiError } from "@tandem/sidebar";
import { connectFullPage, type FreshdeskSdk } from "./host/connect";

/** Plain words for a failed load; Freshdesk shows them as a notification (review rule FF-04A). */
function failureMessage(error: unknown): string {
  if (isTandemApiError(error)) {
    if (error.code === "UNREACHABLE")
      return "Tandem analytics: the server did not answer. Try Refresh.";
    if (error.code === "UNAUTHORIZED" || error.code === "FORBIDDEN") {
      return "Tandem analytics: the app token was refused. Ask an admin to check the app settings.";
    }
  }
  return "Tandem analytics could not be loaded. Try Refresh in a moment.";
}

/**
 * The full-page analytics app: the shared dashboard in its Crayons theme, reading the summaries
 * through the `tandemAnalyticsSummary` request template. Every draft of this installation is a
 * Freshdesk one, so the platform filter is hidden.
 */
export function startAnalyticsPage(client: FreshdeskSdk, container: HTMLElement): MountedDashboard {
  const { transport, notifyError } = connectFullPage(client);
  return mountDashboard(container, {
    title: "Tandem analytics",
    theme: "crayons",
    platformFilter: false,
    initial: { platform: "freshdesk" },
    fetchJson: async (path) => {
      const response = await transport({ method: "GET", path });
      if (response.status >= 200 && response.status < 300) return response.body;
      throw errorFromResponse(response);
    },
    onError: (error) => notifyError(failureMessage(error)),
  });
}
