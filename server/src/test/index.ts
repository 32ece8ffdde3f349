export * from "./agent-jwt";
export * from "./app";
export * from "./db";
export * from "./drafting-fixtures";
export * from "./factories";
export * from "./fake-helpdesk";
export * from "./fake-openai";
export { seedDataDir, seededScratchDir } from "./pglite-template";
export * from "./receiver";
