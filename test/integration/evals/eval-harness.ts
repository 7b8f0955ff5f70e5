// Shared by the eval-run integration tests: a bot on the fixture, published, and a dataset of rows.
import { createDataset, publishVersion } from "@switchyard/db";
import type { ProviderFixture } from "../../fixtures/providers/server";
import { chatFlow, db, newBot, newCredential, newUser } from "../support";

export async function setupEvalTarget(fixture: ProviderFixture, rows: number) {
  const { workspace } = await newUser("evals");
  const credential = await newCredential(workspace.id, "OPENAI_COMPATIBLE", `${fixture.url}/v1`);
  const bot = await newBot(workspace.id, chatFlow({ credentialId: credential.id, model: "fixture-small" }));
  const version = await publishVersion(db(), workspace.id, bot.id, {});
  const dataset = await createDataset(db(), workspace.id, {
    name: `capitals ${rows}`,
    rows: Array.from({ length: rows }, (_, index) => ({ input: `Capital of France? (${index})`, expected: "Paris", metadata: null })),
  });
  return {
    workspaceId: workspace.id,
    credentialId: credential.id,
    botId: bot.id,
    botVersionId: version.id,
    datasetVersionId: dataset.version.id,
  };
}

export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
