"use client";
// "Learn a router" from a finished eval run. When the run has an evaluator that needs no expected
// value (regular expression, JSON), its verdicts on the cheaper model's answers can also teach the
// router a verify line: between the two lines the cheap answer is checked and escalated when it fails.
import { evaluatorLabels, VERIFIER_EVALUATOR_KINDS, type Evaluator } from "@switchyard/evals";
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

export function LearnRouterButton({
  evalRunApi,
  workspaceId,
  evaluators,
}: {
  evalRunApi: string;
  workspaceId: string;
  evaluators: Evaluator[];
}) {
  const router = useRouter();
  const verifiers = evaluators.filter(canVerify);
  const [verifierEvaluatorId, setVerifierEvaluatorId] = useState("");
  const { error, pending, run } = useApiAction();

  const learn = () =>
    run(
      () => api<ResponseOf<typeof learnRouterRoute>>(`${evalRunApi}/routers`, { body: verifierEvaluatorId ? { verifierEvaluatorId } : {} }),
      ({ router: learned }) => router.push(`/w/${workspaceId}/evals/routers/${learned.id}`),
    );

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex items-center gap-2">
        {verifiers.length > 0 && (
          <Select
            aria-label="Verify the cheaper model's answers with"
            title="Between the two lines the router learns, the cheaper model's answer is checked by this evaluator and escalated when it fails"
            value={verifierEvaluatorId}
            onChange={(event) => setVerifierEvaluatorId(event.target.value)}
          >
            <option value="">No verify line</option>
            {verifiers.map((evaluator) => (
              <option key={evaluator.id} value={evaluator.id}>
                Verify with {evaluator.name || evaluatorLabels[evaluator.kind] || evaluator.id}
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
