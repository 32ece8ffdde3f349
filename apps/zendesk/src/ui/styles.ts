import { getColor, type IGardenTheme } from "@zendeskgarden/react-theming";
import styled from "styled-components";

/** Layout pieces shared by the sidebar and the analytics page; everything else is Garden. */
export const Stack = styled.div<{ $gap?: keyof IGardenTheme["space"] }>`
  display: flex;
  flex-direction: column;
  gap: ${({ theme, $gap }) => (theme as IGardenTheme).space[$gap ?? "sm"]};
  min-width: 0;
`;

export const Row = styled.div`
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: ${({ theme }) => (theme as IGardenTheme).space.xs};
  min-width: 0;
`;

export const Page = styled.main`
  box-sizing: border-box;
  display: flex;
  flex-direction: column;
  gap: ${({ theme }) => (theme as IGardenTheme).space.md};
  padding: ${({ theme }) => (theme as IGardenTheme).space.sm};
  min-width: 0;
  max-width: 100%;
  overflow-wrap: anywhere;
`;

export const Section = styled.section`
  display: flex;
  flex-direction: column;
  gap: ${({ theme }) => (theme as IGardenTheme).space.xs};
  min-width: 0;
`;

export const SectionTitle = styled.h2`
  margin: 0;
  font-size: ${({ theme }) => (theme as IGardenTheme).fontSizes.sm};
  font-weight: ${({ theme }) => (theme as IGardenTheme).fontWeights.semibold};
  color: ${({ theme }) => getColor({ theme: theme as IGardenTheme, variable: "foreground.subtle" })};
  text-transform: uppercase;
  letter-spacing: 0.04em;
`;

export const Muted = styled.span`
  color: ${({ theme }) => getColor({ theme: theme as IGardenTheme, variable: "foreground.subtle" })};
  font-size: ${({ theme }) => (theme as IGardenTheme).fontSizes.sm};
`;

export const PlainList = styled.ul`
  margin: 0;
  padding: 0;
  list-style: none;
  display: flex;
  flex-direction: column;
  gap: ${({ theme }) => (theme as IGardenTheme).space.xs};
`;

export const Change = styled.span`
  font-weight: ${({ theme }) => (theme as IGardenTheme).fontWeights.regular};
  font-variant-numeric: tabular-nums;
  & .before {
    color: ${({ theme }) => getColor({ theme: theme as IGardenTheme, variable: "foreground.subtle" })};
  }
`;

export const ButtonRow = styled.div`
  display: flex;
  flex-wrap: wrap;
  gap: ${({ theme }) => (theme as IGardenTheme).space.xs};
  & > button {
    flex: 1 1 auto;
  }
`;

export const VisuallyHidden = styled.span`
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
`;
