export * from "./graph";
