import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineProject } from "vitest/config";

export default defineProject({
  plugins: [react()],
  resolve: {
    alias: {
      // jsdom cannot render Stencil's shadow DOM for Testing Library; a light-DOM stand-in with
      // the same props and custom events keeps the view logic under test (the real elements run
      // in the browser end-to-end tests).
      "@freshworks/crayons/react": fileURLToPath(
        new URL("./src/test/crayons-react-stub.tsx", import.meta.url),
      ),
    },
  },
  test: {
    name: "freshdesk",
    root: fileURLToPath(new URL(".", import.meta.url)),
    environment: "jsdom",
    include: ["src/**/*.test.ts", "src/**/*.test.tsx", "tests/**/*.test.ts"],
    setupFiles: ["./src/test/setup.ts"],
    testTimeout: 20_000,
  },
});
