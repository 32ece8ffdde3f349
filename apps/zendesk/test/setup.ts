import "@testing-library/jest-dom/vitest";
import { loadCatalog, SupportedLocales } from "@tandem/sidebar";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

// The non-English catalogs are lazy chunks; tests render in any locale synchronously.
await Promise.all(SupportedLocales.map(loadCatalog));

afterEach(() => cleanup());

if (typeof window !== "undefined" && typeof window.matchMedia !== "function") {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addEventListener: () => {},
      removeEventListener: () => {},
      addListener: () => {},
      removeListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
