export * from "./api";
export * from "./decision";
export * from "./describe-action";
export * from "./host";
export * from "./i18n";
export * from "./review";
export * from "./shortcuts";
export * from "./text";
