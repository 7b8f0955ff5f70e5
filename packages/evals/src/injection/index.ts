// The built-in prompt-injection suite: its cases, the red team that plants them, and the trace judge.
export * from "./cases";
export * from "./plant";
export * from "./judge";
export * from "./summary";
