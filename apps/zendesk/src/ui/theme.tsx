import type { ColorScheme } from "@tandem/sidebar";
import {
  DEFAULT_THEME,
  getColor,
  type IGardenTheme,
  ThemeProvider,
} from "@zendeskgarden/react-theming";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { createGlobalStyle } from "styled-components";

const GlobalStyle = createGlobalStyle`
  html, body {
    margin: 0;
    background: ${({ theme }) => getColor({ theme: theme as IGardenTheme, variable: "background.default" })};
    color: ${({ theme }) => getColor({ theme: theme as IGardenTheme, variable: "foreground.default" })};
    font-family: ${({ theme }) => (theme as IGardenTheme).fonts.system};
    font-size: ${({ theme }) => (theme as IGardenTheme).fontSizes.md};
    color-scheme: ${({ theme }) => (theme as IGardenTheme).colors.base};
  }
`;

function systemScheme(): ColorScheme {
  return typeof window !== "undefined" &&
    typeof window.matchMedia === "function" &&
    window.matchMedia("(prefers-color-scheme: dark)").matches
    ? "dark"
    : "light";
}

/** The host's scheme when it tells us one, else the OS preference (which Zendesk follows). */
export function useColorScheme(hostScheme: ColorScheme | undefined): ColorScheme {
  const [system, setSystem] = useState<ColorScheme>(systemScheme);
  useEffect(() => {
    if (typeof window.matchMedia !== "function") return;
    const query = window.matchMedia("(prefers-color-scheme: dark)");
    const onChange = () => setSystem(query.matches ? "dark" : "light");
    query.addEventListener?.("change", onChange);
    return () => query.removeEventListener?.("change", onChange);
  }, []);
  return hostScheme ?? system;
}

export function AppTheme({ scheme, children }: { scheme: ColorScheme; children: ReactNode }) {
  const theme = useMemo<IGardenTheme>(
    () => ({ ...DEFAULT_THEME, colors: { ...DEFAULT_THEME.colors, base: scheme } }),
    [scheme],
  );
  useEffect(() => {
    // Native controls and scrollbars follow the scheme too; tests and host CSS can read it.
    document.documentElement.dataset.colorScheme = scheme;
    document.documentElement.style.colorScheme = scheme;
  }, [scheme]);
  return (
    <ThemeProvider theme={theme}>
      <GlobalStyle />
      {children}
    </ThemeProvider>
  );
}
