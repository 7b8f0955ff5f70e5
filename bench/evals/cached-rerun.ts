// The second half of bench/evals: the same eval run again, answered from the response cache, against
// the time the database alone needs to write what such a run writes: every pair's run with its steps
// and its result, in the form the worker writes them (the run writer's one statement per batch, trace
// and result together), as many in flight as the worker's pairs in flight; like a worker's pair, a lane
// takes its next run once its write is committed. The cached run should make no provider call and take
// at most 1.5× that floor.
import { randomUUID } from "node:crypto";
import { createEvalRun, RunWriter, type Db, type NewEvalRun, type RunRecord } from "@switchyard/db";
import type { StepRecord } from "@switchyard/engine";

/** Rewrites the first run's traces and results under new ids, `inFlight` pairs at a time; returns seconds. */
export async function measureWriteFloor(
  db: Db,
  databaseUrl: string,
  workspaceId: string,
  firstEvalRunId: string,
  input: NewEvalRun,
  inFlight: number,
  /** Called once every row is committed, before the writer's connections close (to read their CPU time). */
  written: () => void = () => undefined,
) {
  const results = await db.evalResult.findMany({ where: { evalRunId: firstEvalRunId } });
  const runs = await db.run.findMany({ where: { id: { in: results.map((result) => result.runId!) } }, include: { steps: true } });
  const runsById = new Map(runs.map((run) => [run.id, run]));
  const { evalRun } = await createEvalRun(db, workspaceId, { ...input, name: "write floor" });
  const runWriter = new RunWriter(databaseUrl);
  const began = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < results.length) {
      const result = results[next++]!;
      const run = runsById.get(result.runId!)!;
      const runId = randomUUID();
      const record: RunRecord = {
        ...run,
        id: runId,
        status: "SUCCEEDED",
        createdAt: run.createdAt.getTime(),
        startedAt: run.startedAt?.getTime() ?? Date.now(),
        finishedAt: run.finishedAt?.getTime() ?? Date.now(),
        events: run.events === null ? null : JSON.stringify(run.events),
      };
      const steps = run.steps.map((step) => ({
        ...(step as unknown as StepRecord),
        runId,
        startedAt: step.startedAt?.getTime() ?? Date.now(),
        finishedAt: step.finishedAt?.getTime() ?? Date.now(),
      }));
      await runWriter.write(record, steps, [
        { ...result, evalRunId: evalRun.id, output: result.output as string | null, passed: result.passed ?? false, runId },
      ]);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  const seconds = (performance.now() - began) / 1000;
  written();
  await runWriter.close();
  return seconds;
}
