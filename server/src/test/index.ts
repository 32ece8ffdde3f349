export * from "./app";
export * from "./db";
