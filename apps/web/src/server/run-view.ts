// One run as GET /api/runs/:id answers it, its JSON columns typed for the pages that read them. The
// schemas are loose (`looseObject`): they type what the runner wrote and pass any other field through
// unchanged, so the API's JSON is the stored JSON.
import { getRunWithSteps } from "@switchyard/db";
import { STEP_STATUSES } from "@switchyard/engine";
import { z } from "zod";
import { db } from "./services";

const storedRunInput = z.looseObject({
  message: z.string(),
  history: z.array(z.looseObject({ role: z.enum(["system", "user", "assistant"]), content: z.string() })).optional(),
  variables: z.record(z.string(), z.string()).optional(),
  sessionId: z.string().optional(),
});

/** The runner stores a finished run's reply as `{ text }`; a run without one has null. */
const storedRunOutput = z.looseObject({ text: z.string() }).nullable();

/** Engine steps say here which step a sub-step belongs to, and carry a note to show beside it. */
const storedStepDetail = z.looseObject({ parentId: z.string().optional(), note: z.string().optional() }).nullable();

/** Steps are written when they end, so a stored step's status is one of the engine's step statuses. */
const storedStepStatus = z.enum(STEP_STATUSES);

export async function runView(workspaceId: string, runId: string) {
  const run = await getRunWithSteps(db(), workspaceId, runId);
  return {
    ...run,
    input: storedRunInput.parse(run.input),
    output: storedRunOutput.parse(run.output),
    steps: run.steps.map((step) => ({ ...step, status: storedStepStatus.parse(step.status), detail: storedStepDetail.parse(step.detail) })),
  };
}
