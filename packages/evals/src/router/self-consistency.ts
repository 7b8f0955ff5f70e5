// Self-consistency as a verifier: an answer is accepted when the other samples of the same model agree
// with it. One agreement rule serves the Router's cascade at run time and the learner, which reads the
// verdicts off an eval run's repeats (each repeat is one more sample of the same request).
import { z } from "zod";

/** At most this many samples must agree (the Router's cascade setting has the same bound). */
export const MAX_AGREEING_SAMPLES = 5;

/** Learning a verify line from the cheaper model's repeats: N of its answers must agree. */
export const selfConsistencyVerifierSchema = z.object({
  kind: z.literal("self_consistency"),
  samples: z.number().int().min(2).max(MAX_AGREEING_SAMPLES),
});
export type SelfConsistencyVerifier = z.infer<typeof selfConsistencyVerifierSchema>;

/** What two answers are compared by: trimmed, spacing collapsed, lower-cased. */
const agreementKey = (text: string) => text.trim().replace(/\s+/g, " ").toLowerCase();

/** Whether every sample agrees with the first one (the answer that would be served). */
export function answersAgree(answers: string[]): boolean {
  const first = agreementKey(answers[0] ?? "");
  return answers.every((answer) => agreementKey(answer) === first);
}

/** n choose k, exact for the small counts of repeats. */
function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

/**
 * The verdict of a self-consistency check of `samples` answers on one item, from its stored repeats:
 * the answer served is any one repeat and the other samples any samples − 1 of the rest (drawn without
 * replacement, as independent samples would be), so `accepted` is the chance they all agree and
 * `acceptedPassed` the chance they agree and the served answer passed. Exact over every such draw, not
 * one draw, so repeats beyond `samples` sharpen the estimate. An answer that errored (null) agrees with
 * nothing.
 */
export function selfConsistencyVerdict(repeats: { answer: string | null; passed: boolean }[], samples: number) {
  const counts = new Map<string, number>();
  for (const { answer } of repeats) if (answer !== null) counts.set(agreementKey(answer), (counts.get(agreementKey(answer)) ?? 0) + 1);
  const draws = choose(repeats.length - 1, samples - 1);
  let accepted = 0;
  let acceptedPassed = 0;
  for (const { answer, passed } of repeats) {
    if (answer === null || draws === 0) continue;
    const agreeing = choose(counts.get(agreementKey(answer))! - 1, samples - 1) / draws;
    accepted += agreeing;
    if (passed) acceptedPassed += agreeing;
  }
  return { accepted: accepted / repeats.length, acceptedPassed: acceptedPassed / repeats.length };
}
