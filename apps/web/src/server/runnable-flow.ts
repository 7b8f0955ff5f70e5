// The one check before a flow goes where visitors reach it (publishing a version, pointing a
// deployment at one): it must compile, and everything it references must exist in this workspace.
import { workspaceReferences } from "@switchyard/db";
import { compileFlow, flowGraphSchema, type GraphProblem } from "@switchyard/engine";
import { AppError } from "@switchyard/errors";
import { nodeRegistry } from "@switchyard/nodes";
import { db } from "./services";

/** "#model-1 Model: Provider: …", as the editor's problem list shows it. */
const describe = (problem: GraphProblem) => `${problem.nodeId ? `#${problem.nodeId} ` : ""}${problem.message}`;

/** Throws a 400 naming the first problem (and listing all) when `graph` cannot run in this workspace. */
export async function assertRunnableFlow(workspaceId: string, graph: unknown, refusal: string): Promise<void> {
  const result = compileFlow(flowGraphSchema.parse(graph), nodeRegistry, { references: await workspaceReferences(db(), workspaceId) });
  if (result.ok) return;
  const more = result.problems.length > 1 ? ` (and ${result.problems.length - 1} more)` : "";
  throw new AppError("BAD_REQUEST", `${refusal}: ${describe(result.problems[0]!)}${more}`, {
    issues: result.problems.map((problem) => ({ path: problem.nodeId ?? "", message: describe(problem) })),
  });
}
