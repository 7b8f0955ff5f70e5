// Deployments and API keys in PostgreSQL: scoped by workspace, keys stored only as hashes, and the
// hot-path lookups (plain SQL) agreeing with what was written.
import {
  createApiKey,
  createBot,
  createDeployment,
  findActiveApiKey,
  findDeploymentByPublicId,
  findDeploymentBySlug,
  getBot,
  lastConversations,
  listApiKeys,
  publishVersion,
  revokeApiKey,
  saveDraft,
  sessionHistory,
  updateDeployment,
} from "@switchyard/db";
import { AppError } from "@switchyard/errors";
import { describe, expect, it } from "vitest";
import { db, newUser } from "./support";

const graph = { nodes: [], edges: [] };

async function expectCode(promise: Promise<unknown>, code: string) {
  await expect(promise).rejects.toSatisfy((error) => error instanceof AppError && error.code === code);
}

async function botWithVersions(workspaceId: string, count: number) {
  const bot = await createBot(db(), workspaceId, { name: "Support", graph });
  const versions = [];
  for (let index = 0; index < count; index++) versions.push(await publishVersion(db(), workspaceId, bot.id, {}));
  return { bot, versions };
}

describe("deployments", () => {
  it("publish a version, roll back to an earlier one, and are found by public id and slug", async () => {
    const { workspace } = await newUser("deployer");
    const { bot, versions } = await botWithVersions(workspace.id, 2);
    const deployment = await createDeployment(db(), workspace.id, {
      botId: bot.id,
      version: 2,
      slug: "support",
      allowedOrigins: ["https://a.example"],
    });
    expect(deployment.publicId).toMatch(/^pub_[\w-]{16}$/);

    expect(await findDeploymentByPublicId(db(), deployment.publicId)).toEqual({
      id: deployment.id,
      workspaceId: workspace.id,
      botId: bot.id,
      botVersionId: versions[1]!.id,
      slug: "support",
      allowedOrigins: ["https://a.example"],
      shareEnabled: false,
    });
    await updateDeployment(db(), workspace.id, deployment.id, { version: 1 });
    expect((await findDeploymentBySlug(db(), workspace.id, "support"))!.botVersionId).toBe(versions[0]!.id);
    expect(await findDeploymentBySlug(db(), workspace.id, "other")).toBeNull();
    expect(await findDeploymentByPublicId(db(), "pub_unknown")).toBeNull();
    await expectCode(updateDeployment(db(), workspace.id, deployment.id, { version: 9 }), "NOT_FOUND");
  });

  it("cannot deploy or touch another workspace's bot or deployment", async () => {
    const alice = await newUser("alice");
    const mallory = await newUser("mallory");
    const { bot } = await botWithVersions(alice.workspace.id, 1);
    const deployment = await createDeployment(db(), alice.workspace.id, { botId: bot.id, version: 1, slug: "s", allowedOrigins: [] });
    await expectCode(
      createDeployment(db(), mallory.workspace.id, { botId: bot.id, version: 1, slug: "s", allowedOrigins: [] }),
      "NOT_FOUND",
    );
    await expectCode(updateDeployment(db(), mallory.workspace.id, deployment.id, { allowedOrigins: ["*"] }), "NOT_FOUND");
    expect(await findDeploymentBySlug(db(), mallory.workspace.id, "s")).toBeNull();
  });

  it("gives the bot the earlier turns of a widget session, oldest first, skipping failed runs and other sessions", async () => {
    const { workspace } = await newUser("chatter");
    const { bot, versions } = await botWithVersions(workspace.id, 1);
    const deployment = await createDeployment(db(), workspace.id, { botId: bot.id, version: 1, slug: "chat", allowedOrigins: [] });
    const run = (sessionId: string, message: string, reply: string | null, minutesAgo: number) =>
      db().run.create({
        data: {
          workspaceId: workspace.id,
          botId: bot.id,
          botVersionId: versions[0]!.id,
          deploymentId: deployment.id,
          source: "WIDGET",
          sessionId,
          status: reply === null ? "FAILED" : "SUCCEEDED",
          input: { message, sessionId },
          output: reply === null ? undefined : { text: reply },
          createdAt: new Date(Date.now() - minutesAgo * 60_000),
        },
      });
    await run("s1", "first", "one", 3);
    await run("s1", "broken", null, 2);
    await run("s2", "elsewhere", "nope", 2);
    await run("s1", "second", "two", 1);

    expect(await sessionHistory(db(), deployment.id, "s1")).toEqual([
      { role: "user", content: "first" },
      { role: "assistant", content: "one" },
      { role: "user", content: "second" },
      { role: "assistant", content: "two" },
    ]);
    expect(await sessionHistory(db(), deployment.id, "s1", 1)).toEqual([
      { role: "user", content: "second" },
      { role: "assistant", content: "two" },
    ]);
    expect(await sessionHistory(db(), deployment.id, "s3")).toEqual([]);

    const conversations = await lastConversations(db(), workspace.id, deployment.id);
    expect(conversations.map(({ sessionId, turns, lastMessage }) => ({ sessionId, turns, lastMessage }))).toEqual([
      { sessionId: "s1", turns: 3, lastMessage: "second" },
      { sessionId: "s2", turns: 1, lastMessage: "elsewhere" },
    ]);
  });

  it("adds the turns a caller heard finish that are not stored yet, after the stored ones, and no older ones", async () => {
    const { workspace } = await newUser("chatter-recent");
    const { bot, versions } = await botWithVersions(workspace.id, 1);
    const deployment = await createDeployment(db(), workspace.id, { botId: bot.id, version: 1, slug: "recent", allowedOrigins: [] });
    const stored = await db().run.create({
      data: {
        workspaceId: workspace.id,
        botId: bot.id,
        botVersionId: versions[0]!.id,
        deploymentId: deployment.id,
        source: "WIDGET",
        sessionId: "s1",
        status: "SUCCEEDED",
        input: { message: "first", sessionId: "s1" },
        output: { text: "one" },
        createdAt: new Date(Date.now() - 60_000),
      },
    });
    const recent = [
      // stored already (listed): not repeated
      { runId: stored.id, message: "first", reply: "one", at: Date.now() - 59_000 },
      // not listed and older than the stored turns: outside the history's window, not added
      { runId: "gone", message: "older", reply: "zero", at: Date.now() - 120_000 },
      // heard to finish, not stored yet: added last
      { runId: "pending", message: "second", reply: "two", at: Date.now() },
    ];
    expect(await sessionHistory(db(), deployment.id, "s1", 20, recent)).toEqual([
      { role: "user", content: "first" },
      { role: "assistant", content: "one" },
      { role: "user", content: "second" },
      { role: "assistant", content: "two" },
    ]);
    expect(await sessionHistory(db(), deployment.id, "s1", 1, recent)).toEqual([
      { role: "user", content: "second" },
      { role: "assistant", content: "two" },
    ]);
  });
});

describe("publishing unchanged content", () => {
  it("reuses the latest version for an identical flow, even published twice at once, and saves a changed one", async () => {
    const { workspace } = await newUser("republisher");
    const bot = await createBot(db(), workspace.id, { name: "Same", graph });
    const first = await publishVersion(db(), workspace.id, bot.id, { unlessUnchanged: true });
    expect(first).toMatchObject({ number: 1, reused: false });
    const twice = await Promise.all([1, 2].map(() => publishVersion(db(), workspace.id, bot.id, { unlessUnchanged: true })));
    expect(twice.map((version) => [version.id, version.reused])).toEqual([
      [first.id, true],
      [first.id, true],
    ]);
    const changed = { nodes: [{ id: "in", type: "chat-input", config: {}, position: { x: 0, y: 0 } }], edges: [] };
    await saveDraft(db(), workspace.id, bot.id, changed, (await getBot(db(), workspace.id, bot.id)).draftRevision);
    expect(await publishVersion(db(), workspace.id, bot.id, { unlessUnchanged: true })).toMatchObject({ number: 2, reused: false });
    // without the option (CI saving flow files, the PgBouncer race test) every call is a version
    expect(await publishVersion(db(), workspace.id, bot.id, {})).toMatchObject({ number: 3, reused: false });
    // another workspace's bot is not found
    const { workspace: other } = await newUser("republisher-other");
    await expectCode(publishVersion(db(), other.id, bot.id, { unlessUnchanged: true }), "NOT_FOUND");
  });
});

describe("API keys", () => {
  it("are stored as hashes, found by their secret until revoked, and never listed with it", async () => {
    const { workspace, user } = await newUser("keyholder");
    const { apiKey, secret } = await createApiKey(db(), workspace.id, { name: "server", scopes: ["chat"], createdById: user.id });
    const stored = await db().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await listApiKeys(db(), workspace.id))).not.toContain(secret);

    expect(await findActiveApiKey(db(), secret)).toEqual({ id: apiKey.id, workspaceId: workspace.id, scopes: ["chat"] });
    expect(await findActiveApiKey(db(), `${secret}x`)).toBeNull();
    expect(await findActiveApiKey(db(), "sk-something-else")).toBeNull();

    const mallory = await newUser("mallory");
    await expectCode(revokeApiKey(db(), mallory.workspace.id, apiKey.id), "NOT_FOUND");
    await revokeApiKey(db(), workspace.id, apiKey.id);
    expect(await findActiveApiKey(db(), secret)).toBeNull();
    await expectCode(revokeApiKey(db(), workspace.id, apiKey.id), "NOT_FOUND"); // already revoked
  });
});
