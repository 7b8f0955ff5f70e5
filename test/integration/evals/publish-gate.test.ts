// "Require the default dataset to pass before publishing", through a real worker and the fixture:
// a draft that does as well is published (the latest version's eval answered from the cache); a draft
// that does worse is refused with the comparison and leaves no version behind; with the switch off
// publishing is as before.
import { getBot, saveDraft, setDefaultDataset } from "@switchyard/db";
import { publishThroughEvals } from "@switchyard/runner/publish-gate";
import { describe, expect, it } from "vitest";
import { chatFlow, db } from "../support";
import { setupEvalTarget, useEvalPlatform } from "./eval-harness";

const platform = useEvalPlatform({ "fixture-small": "Paris", "fixture-large": "The capital of France is Paris." });

async function draft(target: Awaited<ReturnType<typeof setupEvalTarget>>, model: string) {
  const bot = await getBot(db(), target.workspaceId, target.botId);
  await saveDraft(
    db(),
    target.workspaceId,
    target.botId,
    chatFlow({ credentialId: target.credentialId, model }, "Answer: {{input}}"),
    bot.draftRevision,
  );
}
const versions = (botId: string) => db().botVersion.count({ where: { botId } });

describe("publishing through the default dataset", () => {
  it("publishes a draft that does as well and refuses one that does worse, with the comparison", async () => {
    const target = await setupEvalTarget(platform.fixture, 8); // v1: fixture-small answers "Paris" to every item
    const { datasetId } = await db().datasetVersion.findUniqueOrThrow({
      where: { id: target.datasetVersionId },
      select: { datasetId: true },
    });
    await setDefaultDataset(db(), target.workspaceId, target.botId, datasetId, true);

    await draft(target, "fixture-small");
    const published = await publishThroughEvals(platform.control, target.workspaceId, target.botId, { note: "same model, new prompt" });
    expect(published.version.number).toBe(2);
    expect(published.gate).toMatchObject({ passed: true, comparison: { passRateBefore: 1, passRateAfter: 1, worse: 0 } });
    // publishing the same draft again, asking for a change only, publishes nothing and measures nothing: v2 comes back
    const runs = await db().evalRun.count({ where: { botId: target.botId } });
    const again = await publishThroughEvals(platform.control, target.workspaceId, target.botId, { unlessUnchanged: true });
    expect(again).toEqual({ version: expect.objectContaining({ id: published.version.id, number: 2, reused: true }), gate: null });
    expect(await db().evalRun.count({ where: { botId: target.botId } })).toBe(runs);

    await draft(target, "fixture-large"); // a wordier model: exact match fails on every item
    const refused = publishThroughEvals(platform.control, target.workspaceId, target.botId, {});
    await expect(refused).rejects.toMatchObject({
      code: "CONFLICT",
      message:
        "Not published: the draft does worse than v2 on the default dataset (pass rate 100% → 0%; 8 items worse, 0 better of 8 (sign test p = 0.0078))",
    });
    expect(await versions(target.botId)).toBe(2); // the refused candidate is gone

    await setDefaultDataset(db(), target.workspaceId, target.botId, datasetId, false);
    const plain = await publishThroughEvals(platform.control, target.workspaceId, target.botId, {});
    expect(plain).toMatchObject({ version: { number: 3 }, gate: null });
  });
});
