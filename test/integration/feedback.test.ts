// Feedback on runs in PostgreSQL: one vote per run and rater (a second replaces the first), scoped to
// the rater's workspace (and, for widget visitors, their own conversation), and thumbs-down answers
// turned into dataset test cases exactly once.
import {
  addRatedRunsToDataset,
  conversationKey,
  createApiKey,
  createBot,
  createDataset,
  createDeployment,
  deploymentFeedbackCounts,
  getDatasetVersion,
  publishVersion,
  recordRunFeedback,
  runFeedback,
} from "@switchyard/db";
import { AppError } from "@switchyard/errors";
import { datasetRowSchema } from "@switchyard/evals";
import { describe, expect, it } from "vitest";
import { apiFeedbackSchema, widgetFeedbackSchema } from "../../apps/web/src/server/feedback-input";
import { db, newUser } from "./support";

const notFound = (error: unknown) => error instanceof AppError && error.code === "NOT_FOUND";

async function deployedBot(label: string) {
  const { workspace } = await newUser(label);
  const bot = await createBot(db(), workspace.id, { name: "Support", graph: { nodes: [], edges: [] } });
  const version = await publishVersion(db(), workspace.id, bot.id, {});
  const deployment = await createDeployment(db(), workspace.id, { botId: bot.id, version: 1, slug: "support", allowedOrigins: [] });
  let minutes = 100;
  const run = (input: Record<string, unknown>, reply: string, sessionId: string | null = null) =>
    db().run.create({
      data: {
        workspaceId: workspace.id,
        botId: bot.id,
        botVersionId: version.id,
        deploymentId: deployment.id,
        source: sessionId?.startsWith("widget:") ? "WIDGET" : "API",
        sessionId,
        status: "SUCCEEDED",
        input: { ...input, ...(sessionId && { sessionId }) },
        output: { text: reply },
        createdAt: new Date(Date.now() - minutes-- * 60_000),
      },
    });
  return { workspace, bot, deployment, run };
}

describe("run feedback", () => {
  it("is kept per run and rater: a second vote from the same API key replaces the first, another key's is separate", async () => {
    const { workspace, run } = await deployedBot("rater");
    const answer = await run({ message: "Where is my parcel?" }, "No idea.");
    const first = await createApiKey(db(), workspace.id, { name: "a", scopes: ["chat"] });
    const second = await createApiKey(db(), workspace.id, { name: "b", scopes: ["chat"] });

    await recordRunFeedback(db(), workspace.id, { runId: answer.id, score: 1, comment: null, source: "API", raterId: first.apiKey.id });
    const replaced = await recordRunFeedback(db(), workspace.id, {
      runId: answer.id,
      score: -1,
      comment: "It should look the parcel up",
      source: "API",
      raterId: first.apiKey.id,
    });
    expect(replaced).toMatchObject({ runId: answer.id, score: -1, comment: "It should look the parcel up", source: "API" });
    await recordRunFeedback(db(), workspace.id, { runId: answer.id, score: 1, comment: null, source: "API", raterId: second.apiKey.id });

    const stored = await runFeedback(db(), workspace.id, answer.id);
    expect(stored.map(({ score, comment }) => ({ score, comment }))).toEqual([
      { score: 1, comment: null },
      { score: -1, comment: "It should look the parcel up" },
    ]);
    expect(await db().runFeedback.count({ where: { runId: answer.id } })).toBe(2);
  });

  it("on another workspace's run is a 404 and stores nothing", async () => {
    const alice = await deployedBot("alice");
    const mallory = await deployedBot("mallory");
    const answer = await alice.run({ message: "private question" }, "private answer");
    const key = await createApiKey(db(), mallory.workspace.id, { name: "m", scopes: ["chat"] });
    await expect(
      recordRunFeedback(db(), mallory.workspace.id, { runId: answer.id, score: -1, comment: "x", source: "API", raterId: key.apiKey.id }),
    ).rejects.toSatisfy(notFound);
    await expect(runFeedback(db(), mallory.workspace.id, answer.id)).resolves.toEqual([]);
    expect(await db().runFeedback.count({ where: { runId: answer.id } })).toBe(0);
  });

  it("from a widget visitor reaches only the runs of their own conversation on that deployment", async () => {
    const { workspace, deployment, run } = await deployedBot("widget");
    const mine = conversationKey({ channel: "widget", deploymentId: deployment.id, widgetSessionId: "visitor-1" });
    const theirs = conversationKey({ channel: "widget", deploymentId: deployment.id, widgetSessionId: "visitor-2" });
    const myAnswer = await run({ message: "hi" }, "hello", mine);
    const theirAnswer = await run({ message: "secret" }, "answer", theirs);
    const scope = { deploymentId: deployment.id, sessionId: mine };
    const vote = (runId: string) =>
      recordRunFeedback(db(), workspace.id, { runId, score: -1, comment: null, source: "WIDGET", raterId: "visitor-1" }, scope);

    await expect(vote(myAnswer.id)).resolves.toMatchObject({ score: -1, source: "WIDGET" });
    await expect(vote(theirAnswer.id)).rejects.toSatisfy(notFound);
    expect(await deploymentFeedbackCounts(db(), workspace.id, deployment.id, new Date(Date.now() - 86_400_000))).toEqual({
      up: 0,
      down: 1,
    });
  });

  it("bodies are checked at the edge: score ±1, a bounded comment, and a completion id taken for its run id", () => {
    expect(apiFeedbackSchema.parse({ run_id: "chatcmpl-abc", score: -1, comment: "  wrong  " })).toEqual({
      run_id: "abc",
      score: -1,
      comment: "wrong",
    });
    expect(apiFeedbackSchema.safeParse({ run_id: "abc", score: 5 }).error?.issues[0]).toMatchObject({
      path: ["score"],
      message: "score must be 1 (thumbs up) or -1 (thumbs down)",
    });
    expect(widgetFeedbackSchema.safeParse({ runId: "abc", score: 1, comment: "x".repeat(1001) }).error?.issues[0]).toMatchObject({
      path: ["comment"],
      message: "comment is longer than 1,000 characters",
    });
    expect(widgetFeedbackSchema.parse({ runId: "abc", score: 1, comment: "" }).comment).toBeNull();
  });
});

describe("thumbs-down answers into a dataset", () => {
  it("become test cases (conversations keep their history, expected left empty), each run once, however often they are added", async () => {
    const { workspace, deployment, run } = await deployedBot("curator");
    const other = await deployedBot("other-deployment-owner");
    const rate = (runId: string, score: 1 | -1, raterId: string, comment: string | null = null, workspaceId = workspace.id) =>
      recordRunFeedback(db(), workspaceId, { runId, score, comment, source: "API", raterId });

    const single = await run({ message: "Where is my parcel?" }, "No idea.");
    const conversation = await run(
      {
        message: "And to Spain?",
        history: [
          { role: "user", content: "Do you ship to France?" },
          { role: "assistant", content: "Yes, in 3 days." },
        ],
      },
      "We do not ship anywhere.",
    );
    const liked = await run({ message: "Opening hours?" }, "9 to 5.");
    await rate(single.id, -1, "k1", "It should look the parcel up");
    await rate(single.id, -1, "k2", "Rude");
    await rate(conversation.id, -1, "k1");
    await rate(liked.id, 1, "k1");
    const elsewhere = await other.run({ message: "not mine" }, "no");
    await rate(elsewhere.id, -1, "k9", null, other.workspace.id);

    const dataset = await createDataset(db(), workspace.id, {
      name: "Regressions",
      rows: [{ input: "existing", expected: "kept", expectedSources: ["returns.md"], metadata: null }],
    });
    const first = await addRatedRunsToDataset(db(), workspace.id, dataset.id, { score: -1, deploymentId: deployment.id });
    expect(first).toMatchObject({ found: 2, added: 2, skipped: 0, version: { number: 2, items: 3 } });

    const version = await getDatasetVersion(db(), workspace.id, dataset.id);
    const rows = version.items.map(({ input, history, expected, metadata }) => ({ input, history, expected, metadata }));
    expect(rows[0]).toMatchObject({ input: "existing", expected: "kept" });
    expect(version.items[0]!.expectedSources).toEqual(["returns.md"]); // earlier rows keep everything they had
    expect(rows.slice(1)).toEqual(
      expect.arrayContaining([
        {
          input: "Where is my parcel?",
          history: null,
          expected: null,
          metadata: {
            fromRun: single.id,
            answer: "No idea.",
            score: -1,
            deploymentId: deployment.id,
            comments: expect.arrayContaining(["It should look the parcel up", "Rude"]),
          },
        },
        {
          input: "And to Spain?",
          history: [
            { role: "user", content: "Do you ship to France?" },
            { role: "assistant", content: "Yes, in 3 days." },
          ],
          expected: null,
          metadata: { fromRun: conversation.id, answer: "We do not ship anywhere.", score: -1, deploymentId: deployment.id },
        },
      ]),
    );
    // the rows are what the dataset editor sends back, so they survive an edit
    for (const row of rows) expect(datasetRowSchema.safeParse({ ...row, history: row.history ?? undefined }).success).toBe(true);

    // again: nothing new, no new version
    const again = await addRatedRunsToDataset(db(), workspace.id, dataset.id, { score: -1, deploymentId: deployment.id });
    expect(again).toMatchObject({ found: 2, added: 0, skipped: 2, version: { number: 2, items: 3 } });

    // a new thumbs-down later: only it is added, even when two adds race
    const later = await run({ message: "Refund?" }, "Never.");
    await rate(later.id, -1, "k1");
    const racing = await Promise.all(
      [1, 2].map(() => addRatedRunsToDataset(db(), workspace.id, dataset.id, { score: -1, deploymentId: deployment.id })),
    );
    expect(racing.map((result) => result.added).sort()).toEqual([0, 1]);
    const latest = await getDatasetVersion(db(), workspace.id, dataset.id);
    expect(latest.number).toBe(3);
    expect(latest.items.map((item) => (item.metadata as { fromRun?: string } | null)?.fromRun ?? null)).toEqual([
      null,
      ...rows.slice(1).map((row) => (row.metadata as { fromRun: string }).fromRun),
      later.id,
    ]);
  });

  it("filter by the days the ratings were given, and refuse another workspace's dataset or deployment", async () => {
    const { workspace, deployment, run } = await deployedBot("ranges");
    const stranger = await deployedBot("stranger");
    const old = await run({ message: "old" }, "a");
    const recent = await run({ message: "recent" }, "b");
    await recordRunFeedback(db(), workspace.id, { runId: old.id, score: -1, comment: null, source: "API", raterId: "k" });
    await recordRunFeedback(db(), workspace.id, { runId: recent.id, score: -1, comment: null, source: "API", raterId: "k" });
    await db().runFeedback.updateMany({ where: { runId: old.id }, data: { updatedAt: new Date("2026-01-10T12:00:00Z") } });

    const dataset = await createDataset(db(), workspace.id, { name: "January", rows: [] });
    const january = { score: -1 as const, since: new Date("2026-01-10T00:00:00Z"), until: new Date("2026-01-11T00:00:00Z") };
    await expect(addRatedRunsToDataset(db(), workspace.id, dataset.id, january)).resolves.toMatchObject({ found: 1, added: 1 });
    expect((await getDatasetVersion(db(), workspace.id, dataset.id)).items.map((item) => item.input)).toEqual(["old"]);

    const theirs = await createDataset(db(), stranger.workspace.id, { name: "Theirs", rows: [] });
    await expect(addRatedRunsToDataset(db(), workspace.id, theirs.id, { score: -1 })).rejects.toSatisfy(notFound);
    await expect(
      addRatedRunsToDataset(db(), workspace.id, dataset.id, { score: -1, deploymentId: stranger.deployment.id }),
    ).rejects.toSatisfy(notFound);
    expect((await getDatasetVersion(db(), stranger.workspace.id, theirs.id)).items).toEqual([]);
    // the deployment filter: only this deployment's ratings
    await expect(addRatedRunsToDataset(db(), workspace.id, dataset.id, { score: -1, deploymentId: deployment.id })).resolves.toMatchObject({
      found: 2,
      added: 1,
    });
  });
});
