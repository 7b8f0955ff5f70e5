"use client";
// "Learn a router" from a finished eval run. When the run has an evaluator that needs no expected
// value (regular expression, JSON), its verdicts on the cheaper model's answers can also teach the
// router a verify line: between the two lines the cheap answer is checked and escalated when it fails.
// With repeats, so can self-consistency: whether N of the cheaper model's answers to an item agree.
import { evaluatorLabels, MAX_AGREEING_SAMPLES, VERIFIER_EVALUATOR_KINDS, type Evaluator } from "@switchyard/evals";
import { Route } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Select } from "@/components/ui/input";
import { api } from "@/lib/api";
import { useApiAction } from "@/lib/use-api-action";
import type { POST as learnRouterRoute } from "@/app/api/workspaces/[workspaceId]/eval-runs/[evalRunId]/routers/route";
import type { ResponseOf } from "@/server/route";

const canVerify = (evaluator: Evaluator) => (VERIFIER_EVALUATOR_KINDS as readonly string[]).includes(evaluator.kind);

/** The select's value ("evaluator:<id>" or "samples:<N>", "" for none) as the API's body. */
function verifierBody(choice: string) {
  const [kind, value] = [choice.slice(0, choice.indexOf(":")), choice.slice(choice.indexOf(":") + 1)];
  if (kind === "evaluator") return { verifierEvaluatorId: value };
  if (kind === "samples") return { verifier: { kind: "self_consistency" as const, samples: Number(value) } };
  return {};
}

export function LearnRouterButton({
  evalRunApi,
  workspaceId,
  evaluators,
  repeats,
}: {
  evalRunApi: string;
  workspaceId: string;
  evaluators: Evaluator[];
  /** Answers per item and variant: self-consistency of N samples needs N of them. */
  repeats: number;
}) {
  const router = useRouter();
  const verifiers = evaluators.filter(canVerify);
  const sampleCounts = Array.from({ length: Math.min(repeats, MAX_AGREEING_SAMPLES) - 1 }, (_, i) => i + 2);
  const [choice, setChoice] = useState("");
  const { error, pending, run } = useApiAction();

  const learn = () =>
    run(
      () => api<ResponseOf<typeof learnRouterRoute>>(`${evalRunApi}/routers`, { body: verifierBody(choice) }),
      ({ router: learned }) => router.push(`/w/${workspaceId}/evals/routers/${learned.id}`),
    );

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex items-center gap-2">
        {verifiers.length + sampleCounts.length > 0 && (
          <Select
            aria-label="Verify the cheaper model's answers with"
            title="Between the two lines the router learns, the cheaper model's answer is checked and escalated when the check fails"
            value={choice}
            onChange={(event) => setChoice(event.target.value)}
          >
            <option value="">No verify line</option>
            {verifiers.map((evaluator) => (
              <option key={evaluator.id} value={`evaluator:${evaluator.id}`}>
                Verify with {evaluator.name || evaluatorLabels[evaluator.kind] || evaluator.id}
              </option>
            ))}
            {sampleCounts.map((samples) => (
              <option key={samples} value={`samples:${samples}`}>
                Verify by self-consistency ({samples} samples agree)
              </option>
            ))}
          </Select>
        )}
        <Button variant="outline" disabled={pending} onClick={() => void learn()}>
          <Route className="h-4 w-4" /> Learn a router
        </Button>
      </div>
      <FieldError message={error} />
    </div>
  );
}
