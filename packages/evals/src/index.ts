// Evals: datasets, evaluators, eval-run planning, statistics and comparisons. Pure: no database, no queue.
export * from "./dataset-import";
export * from "./evaluators";
export * from "./variants";
export * from "./stats";
export * from "./intervals";
export * from "./paired";
export * from "./random";
export * from "./recommend";
export * from "./compare";
export * from "./plan";
export * from "./summary";
export * from "./eval-run-input";
export * from "./grid";
export * from "./estimate";
export * from "./expected-values";
export * from "./regression";
export * from "./router";
