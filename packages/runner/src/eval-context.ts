// An eval run's definition as its jobs need it: each variant's flow with its overrides applied, and the
// dataset's items. It never changes once the run is created, so a worker loads it once per run.
import type { Db } from "@switchyard/db";
import { flowGraphSchema, type FlowGraph } from "@switchyard/engine";
import { applyOverrides, credentialsOf, evaluatorSchema, variantSchema, type Evaluator, type Turn } from "@switchyard/evals";

export interface EvalContext {
  workspaceId: string;
  botId: string;
  botVersionId: string;
  total: number;
  concurrency: number;
  useCache: boolean;
  evaluators: Evaluator[];
  variants: Map<string, EvalVariant>;
  variantList: { key: string; label: string }[];
  items: Map<string, EvalItem>;
}

export interface EvalVariant {
  label: string;
  graph: FlowGraph;
  /** The provider credentials its flow calls, each a slot to take before the run starts. */
  credentials: string[];
}

export interface EvalItem {
  input: string;
  history: Turn[] | undefined;
  expected: string | null;
  expectedSources: string[] | null;
}

export async function loadEvalContext(db: Db, workspaceId: string, evalRunId: string): Promise<EvalContext> {
  const run = await db.evalRun.findFirstOrThrow({
    where: { id: evalRunId, workspaceId },
    select: {
      botId: true,
      botVersionId: true,
      total: true,
      concurrency: true,
      useCache: true,
      variants: true,
      evaluators: true,
      botVersion: { select: { graph: true } },
      datasetVersion: {
        select: { items: { select: { id: true, input: true, history: true, expected: true, expectedSources: true } } },
      },
    },
  });
  const graph = flowGraphSchema.parse(run.botVersion.graph);
  const variants = variantSchema.array().parse(run.variants);
  return {
    workspaceId,
    botId: run.botId,
    botVersionId: run.botVersionId,
    total: run.total,
    concurrency: run.concurrency,
    useCache: run.useCache,
    evaluators: evaluatorSchema.array().parse(run.evaluators),
    variantList: variants.map(({ key, label }) => ({ key, label })),
    variants: new Map(
      variants.map((variant) => {
        const variantGraph = applyOverrides(graph, variant.overrides);
        return [variant.key, { label: variant.label, graph: variantGraph, credentials: credentialsOf(variantGraph) }];
      }),
    ),
    items: new Map(
      run.datasetVersion.items.map((item) => [
        item.id,
        {
          input: String(item.input),
          // a conversation's earlier turns reach the flow as its history, as a chat session's do
          history: (item.history as Turn[] | null) ?? undefined,
          expected: (item.expected as string | null) ?? null,
          expectedSources: (item.expectedSources as string[] | null) ?? null,
        },
      ]),
    ),
  };
}
