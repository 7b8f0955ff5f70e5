export * from "./graph";
export * from "./node-definition";
export * from "./run-events";
export * from "./registry";
export * from "./compile";
export * from "./execute";
export * from "./deadline";
export * from "./tool";
