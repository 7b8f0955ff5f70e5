// Every data-access function is scoped by workspace: another workspace's ids behave like unknown ids.
import { AppError } from "@switchyard/errors";
import {
  acceptInvite,
  createBot,
  createInvite,
  deleteBot,
  duplicateBot,
  getBot,
  listBots,
  requireMembership,
  saveDraft,
  updateBot,
} from "@switchyard/db";
import { describe, expect, it } from "vitest";
import { db, newUser } from "./support";

const graph = { nodes: [], edges: [] };

async function expectCode(promise: Promise<unknown>, code: string) {
  await expect(promise).rejects.toSatisfy((error) => error instanceof AppError && error.code === code);
}

describe("workspace tenancy", () => {
  it("gives every new user a personal workspace they own", async () => {
    const { user, workspace } = await newUser("owner");
    const membership = await requireMembership(db(), workspace.id, user.id, "OWNER");
    expect(membership.role).toBe("OWNER");
    expect(membership.workspace.personal).toBe(true);
  });

  it("hides one workspace's bots from members of another (not found, not forbidden)", async () => {
    const alice = await newUser("alice");
    const mallory = await newUser("mallory");
    const bot = await createBot(db(), alice.workspace.id, { name: "Support", graph });

    await expectCode(requireMembership(db(), alice.workspace.id, mallory.user.id), "NOT_FOUND");
    await expectCode(getBot(db(), mallory.workspace.id, bot.id), "NOT_FOUND");
    await expectCode(updateBot(db(), mallory.workspace.id, bot.id, { name: "pwned" }), "NOT_FOUND");
    await expectCode(saveDraft(db(), mallory.workspace.id, bot.id, graph, 0), "NOT_FOUND");
    await expectCode(duplicateBot(db(), mallory.workspace.id, bot.id), "NOT_FOUND");
    await expectCode(deleteBot(db(), mallory.workspace.id, bot.id), "NOT_FOUND");
    expect(await listBots(db(), mallory.workspace.id)).toEqual([]);
    expect((await getBot(db(), alice.workspace.id, bot.id)).name).toBe("Support");
  });

  it("refuses a draft saved against an old revision, so two tabs cannot overwrite each other", async () => {
    const { workspace } = await newUser("tabs");
    const bot = await createBot(db(), workspace.id, { name: "Tabs", graph });
    expect(await saveDraft(db(), workspace.id, bot.id, { nodes: [], edges: [] }, 0)).toEqual({ revision: 1 });
    // a different graph against the old revision would overwrite the other tab's save (the same one would not)
    const other = { nodes: [{ id: "input", type: "chat-input", config: {}, position: { x: 0, y: 0 } }], edges: [] };
    await expectCode(saveDraft(db(), workspace.id, bot.id, other, 0), "CONFLICT");
    expect((await getBot(db(), workspace.id, bot.id)).draftRevision).toBe(1);
  });

  it("lets an invited user join with the invited role, once, and only with the invited email", async () => {
    const owner = await newUser("inviter");
    const guest = await newUser("guest");
    const stranger = await newUser("stranger");
    const { token } = await createInvite(db(), owner.workspace.id, owner.user.id, guest.user.email, "VIEWER");

    await expectCode(acceptInvite(db(), token, stranger.user), "FORBIDDEN");
    await acceptInvite(db(), token, guest.user);
    const membership = await requireMembership(db(), owner.workspace.id, guest.user.id);
    expect(membership.role).toBe("VIEWER");
    await expectCode(requireMembership(db(), owner.workspace.id, guest.user.id, "EDITOR"), "FORBIDDEN");
    await expectCode(acceptInvite(db(), token, guest.user), "NOT_FOUND");
  });
});
