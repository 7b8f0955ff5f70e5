export * from "./pattern";
export * from "./json-schema";
