export * from "./charts";
export * from "./format";
export * from "./mount";
export * from "./render";
export * from "./styles";
