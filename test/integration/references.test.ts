// What a flow may reference, and who references what, read from PostgreSQL: the data behind the
// publish check and the "used by…" confirmation before removing a provider, store or HTTP credential.
import {
  createDeployment,
  createHttpCredential,
  createStore,
  publishVersion,
  referenceUsages,
  saveDraft,
  workspaceReferences,
} from "@switchyard/db";
import { nodeRegistry } from "@switchyard/nodes";
import { describe, expect, it } from "vitest";
import { chatFlow, db, newBot, newCredential, newUser } from "./support";

describe("workspace references", () => {
  it("lists the ids of this workspace's providers, stores and HTTP credentials, never another's", async () => {
    const mine = await newUser("mine");
    const theirs = await newUser("theirs");
    const credential = await newCredential(mine.workspace.id, "OPENAI_COMPATIBLE", "http://127.0.0.1:9/v1");
    const store = await createStore(db(), mine.workspace.id, { name: "Docs", chunkSize: 800, chunkOverlap: 100 });
    const header = await createHttpCredential(
      db(),
      mine.workspace.id,
      { name: "CRM", headerName: "Authorization", value: "Bearer x" },
      process.env.SWITCHYARD_SECRET!,
    );
    await newCredential(theirs.workspace.id, "OLLAMA", "http://127.0.0.1:9");

    const references = await workspaceReferences(db(), mine.workspace.id);
    expect([...references.credential]).toEqual([credential.id]);
    expect([...references.contextStore]).toEqual([store.id]);
    expect([...references.httpCredential]).toEqual([header.id]);
    expect([...references.dataset]).toEqual([]);
  });

  it("names the bots whose draft and the deployments whose version use a provider", async () => {
    const { workspace } = await newUser("usages");
    const used = await newCredential(workspace.id, "OPENAI_COMPATIBLE", "http://127.0.0.1:9/v1");
    const unused = await newCredential(workspace.id, "OPENAI_COMPATIBLE", "http://127.0.0.1:9/v1");
    const live = await newBot(workspace.id, chatFlow({ credentialId: used.id, model: "m" }));
    await publishVersion(db(), workspace.id, live.id, {});
    const deployment = await createDeployment(db(), workspace.id, { botId: live.id, version: 1, slug: "support", allowedOrigins: [] });
    // its draft moved on to another provider: the bot no longer uses it, its live deployment still does
    await saveDraft(db(), workspace.id, live.id, chatFlow({ credentialId: unused.id, model: "m" }), 0);
    const drafting = await newBot(workspace.id, {
      ...chatFlow({ credentialId: unused.id, model: "m", fallbacks: [{ credentialId: used.id, model: "m" }] }),
    });

    expect(await referenceUsages(db(), workspace.id, nodeRegistry, { kind: "credential", id: used.id })).toEqual({
      bots: [{ id: drafting.id, name: drafting.name }],
      deployments: [{ id: deployment.id, slug: "support", botName: live.name, version: 1 }],
    });
    const other = await newUser("other");
    expect(await referenceUsages(db(), other.workspace.id, nodeRegistry, { kind: "credential", id: used.id })).toEqual({
      bots: [],
      deployments: [],
    });
  });
});
