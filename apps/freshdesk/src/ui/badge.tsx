import type { RiskTone } from "@tandem/sidebar";

export type BadgeColor = "blue" | "red" | "green" | "yellow" | "grey" | "normal";

/** Crayons' colour for each risk tone of the sidebar core. */
export const riskColor: Record<RiskTone, BadgeColor> = {
  neutral: "grey",
  warning: "yellow",
  danger: "red",
};

export interface BadgeProps {
  value: string;
  color?: BadgeColor;
  title?: string;
  "aria-label"?: string;
}

/**
 * Crayons' fw-label look (same shape, tints and colour names) in the light DOM. fw-label paints
 * its text in its shadow root with fixed colours that fail WCAG AA (#6f7c87 on white, #e86f25 on
 * #fef1e1) and exposes no CSS variable or part to fix them, so the app draws its own badge.
 */
export function Badge({ value, color = "normal", ...rest }: BadgeProps) {
  return (
    <span className={`td-badge td-badge--${color}`} {...rest}>
      {value}
    </span>
  );
}
