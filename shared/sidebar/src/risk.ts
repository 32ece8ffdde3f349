import type { Risk } from "@tandem/shared";

/** How loudly a sidebar shows an action's risk; each app maps the tone to its design system once. */
export type RiskTone = "neutral" | "warning" | "danger";

const RISK_TONES: Record<Risk, RiskTone> = { low: "neutral", medium: "warning", high: "danger" };

export function riskTone(risk: Risk): RiskTone {
  return RISK_TONES[risk];
}
