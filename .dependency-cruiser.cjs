// The import rules of ARCHITECTURE.md ("Rules"), checked by `pnpm arch`. Globals (process.env,
// the helpdesk SDKs) are not imports: biome.json's overrides check those.
const TESTS = "(\\.test\\.tsx?$|/test/|/testing/)";
/** An npm package: as pnpm stores it (node_modules/.pnpm/<name>@<version>, @scope+name@…) or unresolved. */
const npm = (names) => `(^|node_modules/|node_modules/\\.pnpm/)(${names})([@/+]|$)`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "shared-imports-no-server-or-apps",
      comment: "shared/ and the packages beneath it are used by the server and both apps.",
      severity: "error",
      from: { path: "^shared/" },
      to: { path: "^(server|apps|tests)/|^@tandem/(server|zendesk|freshdesk|tests)$" },
    },
    {
      name: "contracts-import-no-workspace-package",
      comment: "shared/src is the contracts: zod schemas, errors and limits, nothing else.",
      severity: "error",
      from: { path: "^shared/src/" },
      to: { path: "^(server|apps|tests)/|^shared/(?!src/)|^@tandem/(?!shared$)" },
    },
    {
      name: "services-import-no-hono",
      comment: "Services take ({ ctx, input }); HTTP belongs to routes and middleware.",
      severity: "error",
      from: { path: "^server/src/services/" },
      to: { path: npm("hono|@hono") },
    },
    {
      name: "routes-import-no-database-or-model",
      comment: "Routes validate, call one service verb and shape the response.",
      severity: "error",
      from: { path: "^server/src/routes/", pathNot: TESTS },
      to: {
        path: ["^server/src/db/schema", npm("drizzle-orm|openai"), "^server/src/llm/openai\\.ts$"],
      },
    },
    {
      name: "host-sdk-only-in-host-adapter",
      comment:
        "The helpdesk SDK (ZAF client, Freshworks app/client) is typed and reached in host/ only; " +
        "the rest of an app talks to the host adapter (HostClient).",
      severity: "error",
      from: { path: "^apps/[^/]+/src/", pathNot: `^apps/[^/]+/src/host/|${TESTS}` },
      to: { path: "^apps/[^/]+/src/host/(zaf-types|freshworks)\\.ts$" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(dist|package)/|^server/drizzle/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".d.ts"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
