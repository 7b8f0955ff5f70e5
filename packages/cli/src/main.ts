// `switchyard eval`: start an eval run on a Switchyard server, wait for it, report, and gate CI on it.
// Exit codes: 0 every check passed, 1 a check failed (or the run did not finish), 2 bad usage or the
// server refused or could not be reached.
import { readFile, writeFile } from "node:fs/promises";
import { ApiError, createClient, type Client, type EvalRunView } from "./api";
import { baselineChecks, thresholdChecks, type Check } from "./gate";
import { readEvalOptions, USAGE, UsageError, type EvalOptions } from "./options";
import { junitXml, markdownSummary, textTable } from "./report";

const FLOW_FORMAT = "switchyard.flow";

async function readJson(path: string, what: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new UsageError(`${what} ${path}: ${(error as Error).message}`);
  }
}

async function requestBody(options: EvalOptions) {
  let graph: unknown;
  if (options.flow) {
    const file = (await readJson(options.flow, "--flow")) as { format?: string; graph?: unknown };
    if (file.format !== FLOW_FORMAT || !file.graph)
      throw new UsageError(`--flow ${options.flow}: not a flow file exported from the editor`);
    graph = file.graph;
  }
  return {
    name: `CI ${new Date().toISOString().slice(0, 16).replace("T", " ")}`,
    botId: options.bot,
    datasetId: options.dataset,
    ...(options.version !== undefined && { version: options.version }),
    ...(options.draft && { draft: true }),
    ...(graph !== undefined && { graph }),
    variants: options.variants ? await readJson(options.variants, "--variants") : [{ key: "flow", label: "flow", overrides: {} }],
    evaluators: options.evaluators
      ? await readJson(options.evaluators, "--evaluators")
      : [{ id: "exact", kind: "exact_match", caseSensitive: false }],
    concurrency: options.concurrency,
    useCache: options.cache,
  };
}

async function waitForRun(client: Client, evalRunId: string, timeoutSeconds: number): Promise<EvalRunView> {
  const deadline = Date.now() + timeoutSeconds * 1_000;
  let shown = -1;
  for (;;) {
    const run = await client.get(evalRunId);
    if (run.completed !== shown) {
      shown = run.completed;
      process.stderr.write(`  ${run.completed} / ${run.total}\n`);
    }
    if (run.status !== "RUNNING" && run.status !== "QUEUED") return run;
    if (Date.now() > deadline)
      throw new Error(`The eval run is still running after ${timeoutSeconds} s (${run.completed} of ${run.total})`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

async function runEval(options: EvalOptions): Promise<number> {
  const client = createClient(options.url, options.workspace, options.apiKey);
  // a baseline from another dataset compares nothing: refuse before spending anything
  const baseline = options.baseline ? await client.get(options.baseline) : null;
  if (baseline && baseline.datasetVersion.dataset.id !== options.dataset)
    throw new UsageError(
      `--baseline ${options.baseline} ran on dataset "${baseline.datasetVersion.dataset.name}", not on ${options.dataset}`,
    );

  const { evalRun, savedVersion } = await client.start(await requestBody(options));
  const runUrl = `${options.url.replace(/\/$/, "")}/w/${options.workspace}/evals/runs/${evalRun.id}`;
  process.stderr.write(`eval run ${evalRun.id}: ${evalRun.total} pairs${savedVersion ? ` (saved as version ${savedVersion})` : ""}\n`);
  const run = await waitForRun(client, evalRun.id, options.timeout);

  const checks: Check[] = [
    {
      variant: "eval run",
      name: "finished",
      passed: run.status === "SUCCEEDED",
      detail: `status ${run.status}, ${run.completed} of ${run.total} pairs`,
    },
    ...thresholdChecks(run.summary.stats, options),
  ];
  if (baseline) {
    const [current, before] = await Promise.all([client.results(run.id), client.results(baseline.id)]);
    checks.push(...baselineChecks(run.variants, current, { id: baseline.id, variants: baseline.variants, results: before }));
  }

  console.log(textTable(run));
  for (const check of checks) console.log(`${check.passed ? "pass" : "FAIL"}  ${check.variant}: ${check.name} — ${check.detail}`);
  console.log(runUrl);
  if (options.junit) await writeFile(options.junit, junitXml(run, checks));
  if (options.summary) await writeFile(options.summary, markdownSummary(run, checks, runUrl), { flag: "a" });
  return checks.every((check) => check.passed) ? 0 : 1;
}

export async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command !== "eval" || rest.includes("--help")) {
    (command === "eval" || command === "--help" ? console.log : console.error)(USAGE);
    return command === "eval" || command === "--help" ? 0 : 2;
  }
  try {
    return await runEval(readEvalOptions(rest, process.env));
  } catch (error) {
    if (error instanceof UsageError || error instanceof ApiError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`switchyard eval: ${(error as Error).message}`);
      return 2;
    }
    console.error(`switchyard eval: ${(error as Error).message}`);
    return 1;
  }
}
