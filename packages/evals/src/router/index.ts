// Learned routing: features, the per-route pass model, the threshold curve and the router artifact.
export * from "./features";
export * from "./curve";
export * from "./artifact";
export * from "./learn";
export * from "./from-eval-run";
export * from "./adopt";
export * from "./route-names";
export * from "./verify";
export * from "./calibrate";
export * from "./self-consistency";
export * from "./verifier";
export * from "./reliability";
