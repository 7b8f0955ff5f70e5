"use client";
// Start an eval run: a bot's draft or saved version, a dataset version, variants (typed per model and
// Retrieve node, or a sweep grid) and evaluators (one card per kind, the knowledge-base metrics when
// the flow retrieves), with the estimate of its calls, cost and time before it starts.
import { knowledgeEvaluatorKinds } from "@switchyard/evals";
import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { EvalTargetFields, type FormBot, type Target } from "./eval-target-fields";
import { useEvaluatorChoice } from "./evaluator-cards/evaluator-choice";
import { JavascriptCard } from "./evaluator-cards/javascript-card";
import { JudgeCard } from "./evaluator-cards/judge-card";
import { KnowledgeCard } from "./evaluator-cards/knowledge-card";
import { CostCard, LatencyCard } from "./evaluator-cards/limit-cards";
import { RegexCard } from "./evaluator-cards/regex-card";
import { SimilarityCard } from "./evaluator-cards/similarity-card";
import { TextCheckCards } from "./evaluator-cards/text-checks";
import { COSTLY_USD, RunEstimate, useEstimate } from "./run-estimate";
import { gridBody, newGrid, SweepGrid, type GridDraft } from "./sweep-grid";
import { TypedVariants } from "./typed-variants";
import { currentVariant, routeComparison, variantBody, type VariantDraft } from "./variant-drafts";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Input, Label } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { api } from "@/lib/api";
import { useApiAction } from "@/lib/use-api-action";
import type { POST as startEvalRun } from "@/app/api/workspaces/[workspaceId]/eval-runs/route";
import type { ResponseOf } from "@/server/route";

export interface NewEvalRunProps {
  workspaceId: string;
  bots: FormBot[];
  datasets: { id: string; name: string; versions: number[] }[];
  credentials: { id: string; name: string }[];
  /** The workspace's embedding model; semantic similarity needs one. */
  embeddingModel: string | null;
  /** What the form starts on (links like "Evaluate the routed draft" set it); absent: the first bot's latest version. */
  initial?: { botId?: string; target?: Target; datasetId?: string };
}

export function NewEvalRun({ workspaceId, bots, datasets, credentials, embeddingModel, initial = {} }: NewEvalRunProps) {
  const router = useRouter();
  const [botId, setBotId] = useState(bots.find((candidate) => candidate.id === initial.botId)?.id ?? bots[0]?.id ?? "");
  const bot = bots.find((candidate) => candidate.id === botId);
  const [target, setTarget] = useState<Target>(() =>
    initial.target === "draft" || bot?.versions.some((entry) => entry.number === initial.target)
      ? initial.target!
      : (bot?.versions[0]?.number ?? "draft"),
  );
  const version = target === "draft" ? bot?.draft : (bot?.versions.find((entry) => entry.number === target) ?? bot?.draft);
  const retrieves = Boolean(version?.retrieveNodes.length);
  const [datasetId, setDatasetId] = useState(
    datasets.find((candidate) => candidate.id === initial.datasetId)?.id ?? bot?.defaultDatasetId ?? datasets[0]?.id ?? "",
  );
  const dataset = datasets.find((candidate) => candidate.id === datasetId);
  const [name, setName] = useState("");
  const [concurrency, setConcurrency] = useState(8);
  const [repeats, setRepeats] = useState(1);
  const [variants, setVariants] = useState<VariantDraft[]>(() => [currentVariant(version)]);
  const choice = useEvaluatorChoice([
    { id: "exact", kind: "exact_match", caseSensitive: false },
    { id: "contains", kind: "contains", caseSensitive: false },
  ]);
  const { evaluators } = choice;
  const { error, run } = useApiAction();
  const [grid, setGrid] = useState<GridDraft | null>(null);
  const [useCache, setUseCache] = useState(true);
  const [costAccepted, setCostAccepted] = useState(false);

  const chooseTarget = (next: FormBot | undefined, chosen: Target) => {
    setTarget(chosen);
    const flow = chosen === "draft" ? next?.draft : next?.versions.find((entry) => entry.number === chosen);
    setVariants([currentVariant(flow)]);
    if (grid && flow) setGrid(newGrid(flow));
    // a flow without a Retrieve node has no passages to measure (the server would refuse the run)
    if (!flow?.retrieveNodes.length) choice.drop(knowledgeEvaluatorKinds);
  };
  const chooseBot = (id: string) => {
    const next = bots.find((candidate) => candidate.id === id);
    setBotId(id);
    if (next?.defaultDatasetId) setDatasetId(next.defaultDatasetId);
    chooseTarget(next, next?.versions[0]?.number ?? "draft");
  };

  const body = useMemo(() => {
    if (!bot || !dataset) return null;
    return {
      name,
      botId,
      ...(target === "draft" ? { draft: true } : { version: target }),
      datasetId,
      ...(grid ? { grid: gridBody(grid) } : { variants: variantBody(variants, version) }),
      evaluators,
      concurrency,
      repeats,
      useCache,
    };
  }, [bot, dataset, name, botId, target, datasetId, grid, variants, version, evaluators, concurrency, repeats, useCache]);
  const estimate = useEstimate(workspaceId, body);
  const costly = (estimate.estimate?.costUsd ?? 0) > COSTLY_USD;

  async function start() {
    await run(async () => {
      const { evalRun } = await api<ResponseOf<typeof startEvalRun>>(`/api/workspaces/${workspaceId}/eval-runs`, { body });
      router.push(`/w/${workspaceId}/evals/runs/${evalRun.id}`);
    });
  }

  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-6 px-8 py-8">
      <PageHeader
        title="New eval run"
        description="A bot's draft or version × one dataset version × one or more variants, scored by the evaluators you choose."
      />
      <Card>
        <CardContent className="grid grid-cols-1 gap-4 pt-6 md:grid-cols-2">
          <div className="flex flex-col gap-1 md:col-span-2">
            <Label htmlFor="run-name">Name</Label>
            <Input
              id="run-name"
              value={name}
              onChange={(event) => setName(event.target.value)}
              placeholder="Cheaper model for support answers"
            />
          </div>
          <EvalTargetFields
            workspaceId={workspaceId}
            bots={bots}
            datasets={datasets}
            botId={botId}
            target={target}
            datasetId={datasetId}
            onBot={chooseBot}
            onTarget={(chosen) => chooseTarget(bot, chosen)}
            onDataset={setDatasetId}
          />
        </CardContent>
      </Card>

      <Card>
        <CardHeader className="flex-row items-center justify-between">
          <CardTitle>Variants</CardTitle>
          <div className="flex gap-2">
            {!grid &&
              version?.routerNodes.map((node) => (
                <Button
                  key={node.id}
                  variant="outline"
                  size="sm"
                  title="The router deciding, and each of its routes' models alone: their points side by side on the quality–cost chart"
                  onClick={() => setVariants(routeComparison(variants[0] ?? currentVariant(version), node))}
                >
                  Compare #{node.id} with each route alone
                </Button>
              ))}
            <Button variant="outline" size="sm" onClick={() => setGrid(grid ? null : version ? newGrid(version) : null)}>
              {grid ? "Type variants" : "Sweep a grid"}
            </Button>
            {!grid && (
              <Button
                variant="outline"
                size="sm"
                onClick={() => setVariants([...variants, { ...structuredClone(variants[0] ?? currentVariant(version)), label: "" }])}
              >
                <Plus className="h-4 w-4" /> Add variant
              </Button>
            )}
          </div>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          {grid && version && <SweepGrid flow={version} credentials={credentials} value={grid} onChange={setGrid} />}
          {!grid && <TypedVariants flow={version} credentials={credentials} variants={variants} onChange={setVariants} />}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Evaluators</CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-3 text-sm">
          <TextCheckCards choice={choice} />
          <RegexCard choice={choice} />
          <LatencyCard choice={choice} />
          <CostCard choice={choice} />
          <SimilarityCard choice={choice} workspaceId={workspaceId} embeddingModel={embeddingModel} />
          <JudgeCard choice={choice} credentials={credentials} />
          <JavascriptCard choice={choice} />
          {retrieves && <KnowledgeCard choice={choice} credentials={credentials} />}
        </CardContent>
      </Card>

      <RunEstimate {...estimate} />
      <div className="flex flex-wrap items-center justify-end gap-3">
        <label className="flex items-center gap-2 text-sm text-zinc-600">
          <input
            type="checkbox"
            aria-label="Use the response cache"
            checked={useCache}
            onChange={(event) => setUseCache(event.target.checked)}
          />
          Answer repeated calls from the response cache
        </label>
        {costly && (
          <label className="flex items-center gap-2 text-sm text-amber-800">
            <input
              type="checkbox"
              aria-label="Accept the estimated cost"
              checked={costAccepted}
              onChange={(event) => setCostAccepted(event.target.checked)}
            />
            Spend about this much
          </label>
        )}
        <Label
          htmlFor="repeats"
          className="font-normal text-zinc-600"
          title="Runs of each item × variant; the statistics average them per item"
        >
          Repeats
        </Label>
        <Input
          id="repeats"
          type="number"
          min={1}
          max={10}
          className="w-20"
          value={repeats}
          onChange={(event) => setRepeats(Number(event.target.value))}
        />
        <Label htmlFor="concurrency" className="font-normal text-zinc-600">
          Requests at once per provider
        </Label>
        <Input
          id="concurrency"
          type="number"
          min={1}
          max={64}
          className="w-20"
          value={concurrency}
          onChange={(event) => setConcurrency(Number(event.target.value))}
        />
        <Button onClick={() => void start()} disabled={!body || Boolean(estimate.error) || (costly && !costAccepted)}>
          Start eval run
        </Button>
      </div>
      <FieldError message={error} />
    </div>
  );
}
