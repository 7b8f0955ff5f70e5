"use client";
// Start an eval run: a bot's draft or saved version, a dataset version, variants (typed per model node,
// or a sweep grid) and evaluators, with the estimate of its calls, cost and time before it starts.
import { evaluatorLabels, type Evaluator, type Variant } from "@switchyard/evals";
import { Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { ProviderOptions } from "./provider-options";
import { EvalTargetFields, type FormBot, type Target } from "./eval-target-fields";
import { COSTLY_USD, RunEstimate, useEstimate } from "./run-estimate";
import { gridBody, newGrid, SweepGrid, type GridDraft } from "./sweep-grid";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Input, Label, Select } from "@/components/ui/input";
import { api } from "@/lib/api";

export interface NewEvalRunProps {
  workspaceId: string;
  bots: FormBot[];
  datasets: { id: string; name: string; versions: number[] }[];
  credentials: { id: string; name: string }[];
  /** The workspace's embedding model; semantic similarity needs one. */
  embeddingModel: string | null;
}

type VariantDraft = { label: string; models: Record<string, { credentialId: string; model: string }> };

const textarea =
  "min-h-16 w-full rounded-md border border-zinc-300 px-3 py-2 text-sm shadow-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500";

export function NewEvalRun({ workspaceId, bots, datasets, credentials, embeddingModel }: NewEvalRunProps) {
  const router = useRouter();
  const [botId, setBotId] = useState(bots[0]?.id ?? "");
  const bot = bots.find((candidate) => candidate.id === botId);
  const [target, setTarget] = useState<Target>(bot?.versions[0]?.number ?? "draft");
  const version = target === "draft" ? bot?.draft : (bot?.versions.find((entry) => entry.number === target) ?? bot?.draft);
  const [datasetId, setDatasetId] = useState(bot?.defaultDatasetId ?? datasets[0]?.id ?? "");
  const dataset = datasets.find((candidate) => candidate.id === datasetId);
  const [name, setName] = useState("");
  const [concurrency, setConcurrency] = useState(8);
  const [repeats, setRepeats] = useState(1);
  const initialModels = useMemo(
    () => Object.fromEntries((version?.modelNodes ?? []).map((node) => [node.id, { credentialId: node.credentialId, model: node.model }])),
    [version],
  );
  const [variants, setVariants] = useState<VariantDraft[]>([{ label: "current", models: initialModels }]);
  const [evaluators, setEvaluators] = useState<Evaluator[]>([
    { id: "exact", kind: "exact_match", caseSensitive: false },
    { id: "contains", kind: "contains", caseSensitive: false },
  ]);
  const [error, setError] = useState<string | null>(null);
  const [grid, setGrid] = useState<GridDraft | null>(null);
  const [useCache, setUseCache] = useState(true);
  const [costAccepted, setCostAccepted] = useState(false);

  const setModel = (index: number, nodeId: string, change: Partial<{ credentialId: string; model: string }>) =>
    setVariants(
      variants.map((entry, at) =>
        at === index ? { ...entry, models: { ...entry.models, [nodeId]: { ...entry.models[nodeId]!, ...change } } } : entry,
      ),
    );

  const chooseTarget = (next: FormBot | undefined, chosen: Target) => {
    setTarget(chosen);
    const flow = chosen === "draft" ? next?.draft : next?.versions.find((entry) => entry.number === chosen);
    setVariants([{ label: "current", models: Object.fromEntries((flow?.modelNodes ?? []).map((node) => [node.id, { ...node }])) }]);
    if (grid && flow) setGrid(newGrid(flow));
  };
  const chooseBot = (id: string) => {
    const next = bots.find((candidate) => candidate.id === id);
    setBotId(id);
    if (next?.defaultDatasetId) setDatasetId(next.defaultDatasetId);
    chooseTarget(next, next?.versions[0]?.number ?? "draft");
  };

  const body = useMemo(() => {
    if (!bot || !dataset) return null;
    const typed: Variant[] = variants.map((variant, index) => ({
      key: `v${index + 1}`,
      label: variant.label || `Variant ${index + 1}`,
      overrides: Object.fromEntries(
        Object.entries(variant.models).map(([nodeId, { credentialId, model }]) => [nodeId, { credentialId, model }]),
      ),
    }));
    return {
      name,
      botId,
      ...(target === "draft" ? { draft: true } : { version: target }),
      datasetId,
      ...(grid ? { grid: gridBody(grid) } : { variants: typed }),
      evaluators,
      concurrency,
      repeats,
      useCache,
    };
  }, [bot, dataset, name, botId, target, datasetId, grid, variants, evaluators, concurrency, repeats, useCache]);
  const estimate = useEstimate(workspaceId, body);
  const costly = (estimate.estimate?.costUsd ?? 0) > COSTLY_USD;

  const toggle = (kind: Evaluator["kind"], make: () => Evaluator) =>
    setEvaluators((current) =>
      current.some((evaluator) => evaluator.kind === kind) ? current.filter((evaluator) => evaluator.kind !== kind) : [...current, make()],
    );
  const update = (kind: Evaluator["kind"], change: Partial<Evaluator>) =>
    setEvaluators((current) =>
      current.map((evaluator) => (evaluator.kind === kind ? ({ ...evaluator, ...change } as Evaluator) : evaluator)),
    );
  const find = <K extends Evaluator["kind"]>(kind: K) =>
    evaluators.find((evaluator) => evaluator.kind === kind) as Extract<Evaluator, { kind: K }> | undefined;

  async function start() {
    setError(null);
    try {
      const { evalRun } = await api<{ evalRun: { id: string } }>(`/api/workspaces/${workspaceId}/eval-runs`, { body });
      router.push(`/w/${workspaceId}/evals/runs/${evalRun.id}`);
    } catch (caught) {
      setError((caught as Error).message);
    }
  }

  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-6 px-8 py-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">New eval run</h1>
        <p className="text-sm text-zinc-600">
          A bot&apos;s draft or version × one dataset version × one or more variants, scored by the evaluators you choose.
        </p>
      </div>
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
            <Button variant="outline" size="sm" onClick={() => setGrid(grid ? null : version ? newGrid(version) : null)}>
              {grid ? "Type variants" : "Sweep a grid"}
            </Button>
            {!grid && (
              <Button
                variant="outline"
                size="sm"
                onClick={() => setVariants([...variants, { label: "", models: structuredClone(variants[0]?.models ?? initialModels) }])}
              >
                <Plus className="h-4 w-4" /> Add variant
              </Button>
            )}
          </div>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          {grid && version && <SweepGrid flow={version} credentials={credentials} value={grid} onChange={setGrid} />}
          {!grid &&
            variants.map((variant, index) => (
              <div key={index} className="flex flex-col gap-3 rounded-lg border border-zinc-200 p-4">
                <div className="flex items-center gap-2">
                  <Input
                    aria-label={`Variant ${index + 1} name`}
                    className="max-w-64"
                    value={variant.label}
                    placeholder={`Variant ${index + 1}`}
                    onChange={(event) =>
                      setVariants(variants.map((entry, at) => (at === index ? { ...entry, label: event.target.value } : entry)))
                    }
                  />
                  {variants.length > 1 && (
                    <Button
                      variant="ghost"
                      size="icon"
                      aria-label={`Remove variant ${index + 1}`}
                      onClick={() => setVariants(variants.filter((_, at) => at !== index))}
                    >
                      <Trash2 className="h-4 w-4 text-zinc-400" />
                    </Button>
                  )}
                </div>
                {(version?.modelNodes ?? []).map((node) => (
                  <div key={node.id} className="grid grid-cols-[8rem_1fr_1fr] items-center gap-2 text-sm">
                    <span className="font-mono text-xs text-zinc-500">#{node.id}</span>
                    <Select
                      aria-label={`Variant ${index + 1} ${node.id} provider`}
                      value={variant.models[node.id]?.credentialId ?? node.credentialId}
                      onChange={(event) => setModel(index, node.id, { credentialId: event.target.value })}
                    >
                      <ProviderOptions credentials={credentials} />
                    </Select>
                    <Input
                      aria-label={`Variant ${index + 1} ${node.id} model`}
                      value={variant.models[node.id]?.model ?? node.model}
                      onChange={(event) => setModel(index, node.id, { model: event.target.value })}
                    />
                  </div>
                ))}
              </div>
            ))}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Evaluators</CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-3 text-sm">
          {(["exact_match", "contains", "json"] as const).map((kind) => (
            <label key={kind} className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={Boolean(find(kind))}
                onChange={() => toggle(kind, () => ({ id: kind.replace("_", "-"), kind, caseSensitive: false }) as Evaluator)}
              />
              {evaluatorLabels[kind]}
              <span className="text-xs text-zinc-500">{kind === "json" ? "the output parses as JSON" : "against the expected value"}</span>
            </label>
          ))}
          <div className="flex items-center gap-2">
            <input
              type="checkbox"
              aria-label="Regex"
              checked={Boolean(find("regex"))}
              onChange={() => toggle("regex", () => ({ id: "regex", kind: "regex", pattern: ".", flags: "i" }))}
            />
            <span>{evaluatorLabels.regex}</span>
            {find("regex") && (
              <Input
                aria-label="Regex pattern"
                className="max-w-64 font-mono"
                value={find("regex")!.pattern}
                onChange={(event) => update("regex", { pattern: event.target.value })}
              />
            )}
          </div>
          <div className="flex items-center gap-2">
            <input
              type="checkbox"
              aria-label="Latency"
              checked={Boolean(find("latency"))}
              onChange={() => toggle("latency", () => ({ id: "latency", kind: "latency", maxMs: 2_000 }))}
            />
            <span>Latency at most</span>
            <Input
              aria-label="Latency limit"
              type="number"
              className="w-28"
              value={find("latency")?.maxMs ?? 2000}
              disabled={!find("latency")}
              onChange={(event) => update("latency", { maxMs: Number(event.target.value) })}
            />
            <span className="text-zinc-500">ms</span>
          </div>
          <div className="flex items-center gap-2">
            <input
              type="checkbox"
              aria-label="Cost"
              checked={Boolean(find("cost"))}
              onChange={() => toggle("cost", () => ({ id: "cost", kind: "cost", maxUsd: 0.01 }))}
            />
            <span>Cost at most $</span>
            <Input
              aria-label="Cost limit"
              type="number"
              step="0.001"
              className="w-28"
              value={find("cost")?.maxUsd ?? 0.01}
              disabled={!find("cost")}
              onChange={(event) => update("cost", { maxUsd: Number(event.target.value) })}
            />
            <span className="text-zinc-500">per item</span>
          </div>
          <div className="flex items-center gap-2">
            <input
              type="checkbox"
              aria-label={evaluatorLabels.semantic_similarity}
              checked={Boolean(find("semantic_similarity"))}
              disabled={!embeddingModel}
              onChange={() => toggle("semantic_similarity", () => ({ id: "similarity", kind: "semantic_similarity", threshold: 0.8 }))}
            />
            <span className={embeddingModel ? undefined : "text-zinc-400"}>{evaluatorLabels.semantic_similarity} at least</span>
            <Input
              aria-label="Similarity threshold"
              type="number"
              step="0.05"
              min={0}
              max={1}
              className="w-28"
              value={find("semantic_similarity")?.threshold ?? 0.8}
              disabled={!find("semantic_similarity")}
              onChange={(event) => update("semantic_similarity", { threshold: Number(event.target.value) })}
            />
            {embeddingModel ? (
              <span className="text-xs text-zinc-500">cosine of output and expected, embedded with {embeddingModel}</span>
            ) : (
              <span className="text-xs text-zinc-500">
                needs an embedding model:{" "}
                <Link className="text-indigo-600 hover:underline" href={`/w/${workspaceId}/settings`}>
                  set one in Settings
                </Link>
              </span>
            )}
          </div>
          <div className="flex flex-col gap-2 rounded-lg border border-zinc-200 p-3">
            <label className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={Boolean(find("llm_judge"))}
                onChange={() =>
                  toggle("llm_judge", () => ({
                    id: "judge",
                    kind: "llm_judge",
                    credentialId: credentials[0]?.id ?? "",
                    model: "",
                    rubric: "Is the answer correct and helpful?",
                    passThreshold: 0.5,
                  }))
                }
              />
              {evaluatorLabels.llm_judge}{" "}
              <span className="text-xs text-zinc-500">a model scores each answer from 0 to 1 against your rubric, with its reason</span>
            </label>
            {find("llm_judge") && (
              <div className="grid grid-cols-1 gap-2 md:grid-cols-2">
                <Select
                  aria-label="Judge provider"
                  value={find("llm_judge")!.credentialId}
                  onChange={(event) => update("llm_judge", { credentialId: event.target.value })}
                >
                  <ProviderOptions credentials={credentials} />
                </Select>
                <Input
                  aria-label="Judge model"
                  placeholder="Judge model"
                  value={find("llm_judge")!.model}
                  onChange={(event) => update("llm_judge", { model: event.target.value })}
                />
                <textarea
                  aria-label="Rubric"
                  className={`${textarea} md:col-span-2`}
                  value={find("llm_judge")!.rubric}
                  onChange={(event) => update("llm_judge", { rubric: event.target.value })}
                />
              </div>
            )}
          </div>
          <div className="flex flex-col gap-2 rounded-lg border border-zinc-200 p-3">
            <label className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={Boolean(find("javascript"))}
                onChange={() =>
                  toggle("javascript", () => ({ id: "js", kind: "javascript", code: "return input.output.includes(input.expected);" }))
                }
              />
              {evaluatorLabels.javascript}{" "}
              <span className="text-xs text-zinc-500">
                runs sandboxed with input = {"{"} input, expected, output {"}"}; returns true/false or a 0–1 score
              </span>
            </label>
            {find("javascript") && (
              <textarea
                aria-label="Assertion code"
                className={`${textarea} font-mono`}
                value={find("javascript")!.code}
                onChange={(event) => update("javascript", { code: event.target.value })}
              />
            )}
          </div>
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
