// Evals: datasets, evaluators, eval-run planning, statistics and comparisons. Pure: no database, no queue.
export * from "./dataset-import";
export * from "./evaluators";
export * from "./variants";
export * from "./stats";
export * from "./compare";
export * from "./plan";
export * from "./summary";
export * from "./eval-run-input";
export * from "./router";
