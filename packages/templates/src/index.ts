export * from "./template";
export * from "./catalog";
export * from "./flow-file";
export * from "./flow-picture";
