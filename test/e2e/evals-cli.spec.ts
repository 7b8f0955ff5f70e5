// `npx switchyard eval` as a CI job runs it: the CLI as a child process against the running platform
// with an evals-scoped API key. Exit 0 on a passing dataset, exit 1 on a seeded regression (the draft
// switched to a model that fails the exact-match check) against the first run as baseline; JUnit XML
// written and parsed; a flow file exported from the editor is measured too (answered from the cache).
import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { apiClient, chatGraph, post } from "./publish-support";
import { apiAccount } from "./support";

const root = path.resolve(import.meta.dirname, "../..");
let fixture: ProviderFixture;
test.beforeAll(async () => {
  fixture = await startProviderFixture({ replies: { "fixture-small": "Paris", "fixture-large": "The capital of France is Paris." } });
});
test.afterAll(async () => fixture.close());

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "packages/cli/bin/switchyard.mjs"), "eval", ...args], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The JUnit counts and test cases, read with the structure CI servers read. */
function parseJunit(xml: string) {
  const suites = /<testsuites [^>]*tests="(\d+)" failures="(\d+)"/.exec(xml);
  const cases = [...xml.matchAll(/<testcase classname="([^"]+)" name="([^"]+)">(<failure message="([^"]*)")?/g)].map((match) => ({
    name: match[2]!,
    failure: match[4] ?? null,
  }));
  return { tests: Number(suites?.[1]), failures: Number(suites?.[2]), cases };
}

test("the CLI passes a good dataset, fails a seeded regression against its baseline, and writes JUnit XML", async ({
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const client = await apiClient(playwright, baseURL);
  const { workspaceId } = await apiAccount(client, "cli");
  const base = `/api/workspaces/${workspaceId}`;
  const { credential } = await post<{ credential: { id: string } }>(client, `${base}/credentials`, {
    name: "fixture",
    kind: "OPENAI_COMPATIBLE",
    baseUrl: `${fixture.url}/v1`,
  });
  const { bot } = await post<{ bot: { id: string } }>(client, `${base}/bots`, {
    name: "CI bot",
    graph: chatGraph(credential.id, "fixture-small"),
  });
  await post(client, `${base}/bots/${bot.id}/versions`, {});
  const rows = Array.from({ length: 8 }, (_, index) => ({ input: `Capital of France? (${index})`, expected: "Paris" }));
  const { dataset } = await post<{ dataset: { id: string } }>(client, `${base}/datasets`, { name: "capitals", rows });
  const { secret } = await post<{ secret: string }>(client, `${base}/api-keys`, { name: "ci", scopes: ["evals"] });
  const env = { SWITCHYARD_URL: baseURL!, SWITCHYARD_WORKSPACE: workspaceId, SWITCHYARD_API_KEY: secret };
  const out = await mkdtemp(path.join(tmpdir(), "switchyard-cli-"));
  const junit = path.join(out, "junit.xml");
  const summary = path.join(out, "summary.md");

  // the latest version on a dataset it answers: exit 0
  const passing = await runCli(
    ["--bot", bot.id, "--dataset", dataset.id, "--min-pass-rate", "0.9", "--junit", junit, "--summary", summary],
    env,
  );
  expect(passing.code, passing.stdout + passing.stderr).toBe(0);
  expect(passing.stdout).toMatch(/flow\s+8\s+100\.0%\s+100\.0%\s+0/);
  const baselineId = /\/evals\/runs\/(\S+)/.exec(passing.stdout)![1]!;
  const good = parseJunit(await readFile(junit, "utf8"));
  expect(good).toMatchObject({ tests: 2, failures: 0 });
  expect(good.cases.map((entry) => entry.name)).toEqual(["eval run: finished", "flow: min-pass-rate"]);
  expect(await readFile(summary, "utf8")).toContain("✅ passed");

  // a regression seeded in the draft (a wordier model fails exact match): exit 1, named in the JUnit XML
  const { bot: current } = (await (await client.get(`${base}/bots/${bot.id}`)).json()) as { bot: { draftRevision: number } };
  const saved = await client.put(`${base}/bots/${bot.id}/draft`, {
    data: { graph: chatGraph(credential.id, "fixture-large"), baseRevision: current.draftRevision },
  });
  expect(saved.ok(), await saved.text()).toBe(true);
  const failing = await runCli(
    ["--bot", bot.id, "--dataset", dataset.id, "--draft", "--min-pass-rate", "0.9", "--baseline", baselineId, "--junit", junit],
    env,
  );
  expect(failing.code, failing.stdout + failing.stderr).toBe(1);
  expect(failing.stderr).toContain("saved as version 2");
  const bad = parseJunit(await readFile(junit, "utf8"));
  expect(bad).toMatchObject({ tests: 3, failures: 2 });
  expect(bad.cases.find((entry) => entry.name === "flow: min-pass-rate")!.failure).toContain("pass rate 0.0% (minimum 90.0%)");
  expect(bad.cases.find((entry) => entry.name === `flow: baseline ${baselineId}`)!.failure).toContain(
    "significantly worse than the baseline: 0 items better, 8 worse of 8 shared",
  );

  // a flow file exported from the editor, the first model again: passes, every answer from the cache
  const flowFile = path.join(out, "flow.json");
  await writeFile(
    flowFile,
    JSON.stringify({ format: "switchyard.flow", version: 1, name: "CI bot", graph: chatGraph(credential.id, "fixture-small") }),
  );
  const calls = fixture.stats.byPath["/v1/chat/completions"] ?? 0;
  const fromFile = await runCli(
    ["--bot", bot.id, "--dataset", dataset.id, "--flow", flowFile, "--min-score", "0.9", "--baseline", baselineId],
    env,
  );
  expect(fromFile.code, fromFile.stdout + fromFile.stderr).toBe(0);
  expect(fixture.stats.byPath["/v1/chat/completions"] ?? 0).toBe(calls);
  expect(fromFile.stdout).toMatch(/flow\s+8\s+100\.0%\s+100\.0%\s+0\s+\$0\.000000\s+8/);

  // bad usage is exit 2 with the reason, before anything runs
  const usage = await runCli(["--bot", bot.id, "--dataset", dataset.id, "--min-score", "2"], env);
  expect(usage.code).toBe(2);
  expect(usage.stderr).toContain("--min-score is 0 to 1");
  const otherDataset = await post<{ dataset: { id: string } }>(client, `${base}/datasets`, { name: "other", rows: rows.slice(0, 1) });
  const wrongBaseline = await runCli(["--bot", bot.id, "--dataset", otherDataset.dataset.id, "--baseline", baselineId], env);
  expect(wrongBaseline.code).toBe(2);
  expect(wrongBaseline.stderr).toContain(`--baseline ${baselineId} ran on dataset "capitals"`);
});
