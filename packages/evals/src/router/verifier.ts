// The verifier a learned verify line was learned with, as the Router's cascade setting: "Use this
// router" writes it into the node, the artifact and the report record it.
import { z } from "zod";
import { selfConsistencyVerifierSchema } from "./self-consistency";

export const learnedVerifierSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("regex"), pattern: z.string(), flags: z.string() }),
  z.object({ kind: z.literal("json"), schema: z.string().optional() }),
  selfConsistencyVerifierSchema,
]);
/** A regex or JSON evaluator of the eval run, or agreement of the cheaper model's samples. */
export type LearnedVerifier = z.infer<typeof learnedVerifierSchema>;
