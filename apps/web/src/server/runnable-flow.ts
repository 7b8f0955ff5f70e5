// The one check before a flow goes where visitors reach it (publishing a version, pointing a
// deployment at one): it must compile, and everything it references must exist in this workspace.
import { botCallProblems, botPath, workspaceReferences } from "@switchyard/db";
import { botCalls, compileFlow, flowGraphSchema, type FlowGraph, type GraphProblem } from "@switchyard/engine";
import { AppError } from "@switchyard/errors";
import { nodeRegistry } from "@switchyard/nodes";
import { db } from "./services";

/** "#model-1 Model: Provider: …", as the editor's problem list shows it. */
const describe = (problem: GraphProblem) => `${problem.nodeId ? `#${problem.nodeId} ` : ""}${problem.message}`;

function refuse(refusal: string, problems: GraphProblem[]): never {
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
  throw new AppError("BAD_REQUEST", `${refusal}: ${describe(problems[0]!)}${more}`, {
    issues: problems.map((problem) => ({ path: problem.nodeId ?? "", message: describe(problem) })),
  });
}

/** Throws a 400 when a graph of bot `botId` would call bots in a loop or too deep, naming the path. */
export async function assertNoBotLoops(workspaceId: string, botId: string, graph: FlowGraph, refusal: string): Promise<void> {
  if (!botCalls(graph, nodeRegistry).length) return; // most flows call no bot: no query
  const [bot] = await botPath(db(), workspaceId, [botId]);
  const problems = await botCallProblems(db(), workspaceId, bot!, graph, nodeRegistry);
  if (problems.length) refuse(refusal, problems);
}

/**
 * Throws a 400 naming the first problem (and listing all) when `graph` cannot run in this workspace;
 * with `botId`, also when its calls of other bots would loop back or go too deep.
 */
export async function assertRunnableFlow(workspaceId: string, graph: unknown, refusal: string, botId?: string): Promise<void> {
  const parsed = flowGraphSchema.parse(graph);
  const result = compileFlow(parsed, nodeRegistry, { references: await workspaceReferences(db(), workspaceId) });
  if (!result.ok) refuse(refusal, result.problems);
  if (botId) await assertNoBotLoops(workspaceId, botId, parsed, refusal);
}
