// Starting an eval run from a request, for the eval-runs route and the injection suite: the target is
// resolved and checked (the budget admitted there, once, before a draft is saved as a version), then
// the run is created with its pairs queued.
import type { EvalRunInput } from "@switchyard/evals";
import { startEvalRun } from "@switchyard/runner/eval-control";
import { resolveEvalRunTarget } from "./eval-run-target";
import { evalControl } from "./evals";

export async function startEvalRunFromInput(workspaceId: string, body: EvalRunInput, userId: string | undefined) {
  const control = evalControl();
  const target = await resolveEvalRunTarget(workspaceId, body, { save: true, userId, admit: control.admit });
  const evalRun = await startEvalRun({ ...control, admit: undefined }, workspaceId, {
    name: body.name,
    botId: body.botId,
    botVersionId: target.botVersionId!,
    datasetVersionId: target.datasetVersion.id,
    variants: target.variants,
    evaluators: body.evaluators,
    concurrency: body.concurrency,
    repeats: body.repeats,
    useCache: body.useCache,
  });
  return { evalRun, target };
}
