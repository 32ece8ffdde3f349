export * from "./common";
export * from "./freshdesk";
export * from "./zendesk";
