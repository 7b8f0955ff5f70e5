// Taking access away: signing out ends the session's token, owners remove members and revoke invites.
import { revokeSessions, sessionIsCurrent } from "@switchyard/auth";
import { acceptInvite, createInvite, listPendingInvites, removeMember, requireMembership, revokeInvite } from "@switchyard/db";
import { AppError } from "@switchyard/errors";
import { describe, expect, it } from "vitest";
import { db, newUser, redis } from "./support";

async function expectCode(promise: Promise<unknown>, code: string) {
  await expect(promise).rejects.toSatisfy((error) => error instanceof AppError && error.code === code);
}

async function addMember(workspaceId: string, inviterId: string, role: "OWNER" | "EDITOR" | "VIEWER") {
  const member = await newUser(role.toLowerCase());
  const { token } = await createInvite(db(), workspaceId, inviterId, member.user.email, role);
  await acceptInvite(db(), token, member.user);
  return member.user;
}

describe("revocable sessions", () => {
  it("end every token issued before a sign-out, at once, and accept the ones issued after", async () => {
    const { user } = await newUser("signs-out");
    const before = { uid: user.id, sv: 0 };
    expect(await sessionIsCurrent(db(), redis(), before)).toBe(true);
    expect(await sessionIsCurrent(db(), redis(), { uid: user.id })).toBe(true); // issued before versions existed
    await revokeSessions(db(), redis(), user.id);
    expect(await sessionIsCurrent(db(), redis(), before)).toBe(false);
    expect(await sessionIsCurrent(db(), redis(), { uid: user.id })).toBe(false);
    expect(await sessionIsCurrent(db(), redis(), { uid: user.id, sv: 1 })).toBe(true);
  });

  it("hold the version in the database, so a lost Redis copy changes nothing", async () => {
    const { user } = await newUser("cache-lost");
    await revokeSessions(db(), redis(), user.id);
    await redis().del(`session-version:${user.id}`);
    expect(await sessionIsCurrent(db(), redis(), { uid: user.id, sv: 0 })).toBe(false);
    expect(await sessionIsCurrent(db(), redis(), { uid: user.id, sv: 1 })).toBe(true);
  });

  it("are no session for an unknown user or a token without one", async () => {
    expect(await sessionIsCurrent(db(), redis(), { uid: "no-such-user", sv: 0 })).toBe(false);
    expect(await sessionIsCurrent(db(), redis(), { sv: 0 })).toBe(false);
  });
});

describe("member removal", () => {
  it("ends the member's access at once", async () => {
    const owner = await newUser("owner");
    const editor = await addMember(owner.workspace.id, owner.user.id, "EDITOR");
    await requireMembership(db(), owner.workspace.id, editor.id, "EDITOR");
    await removeMember(db(), owner.workspace.id, editor.id);
    await expectCode(requireMembership(db(), owner.workspace.id, editor.id), "NOT_FOUND");
  });

  it("never removes the last owner, even when two owners remove each other at once", async () => {
    const owner = await newUser("sole-owner");
    await expectCode(removeMember(db(), owner.workspace.id, owner.user.id), "CONFLICT");
    const second = await addMember(owner.workspace.id, owner.user.id, "OWNER");
    const results = await Promise.allSettled([
      removeMember(db(), owner.workspace.id, owner.user.id),
      removeMember(db(), owner.workspace.id, second.id),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    const left = await Promise.allSettled([owner.user.id, second.id].map((id) => requireMembership(db(), owner.workspace.id, id, "OWNER")));
    expect(left.filter((result) => result.status === "fulfilled")).toHaveLength(1);
  });

  it("treats a user of another workspace as unknown", async () => {
    const owner = await newUser("scoped-owner");
    const outsider = await newUser("outsider");
    await expectCode(removeMember(db(), owner.workspace.id, outsider.user.id), "NOT_FOUND");
    await requireMembership(db(), outsider.workspace.id, outsider.user.id, "OWNER");
  });
});

describe("invite revocation", () => {
  it("makes the link useless, and cannot touch an accepted invite or another workspace's", async () => {
    const owner = await newUser("inviting-owner");
    const guest = await newUser("guest");
    const { invite, token } = await createInvite(db(), owner.workspace.id, owner.user.id, guest.user.email, "VIEWER");
    expect((await listPendingInvites(db(), owner.workspace.id)).map((pending) => pending.id)).toEqual([invite.id]);
    const other = await newUser("other-owner");
    await expectCode(revokeInvite(db(), other.workspace.id, invite.id), "NOT_FOUND");
    await revokeInvite(db(), owner.workspace.id, invite.id);
    expect(await listPendingInvites(db(), owner.workspace.id)).toEqual([]);
    await expectCode(acceptInvite(db(), token, guest.user), "NOT_FOUND");
    await expectCode(requireMembership(db(), owner.workspace.id, guest.user.id), "NOT_FOUND");

    const second = await createInvite(db(), owner.workspace.id, owner.user.id, guest.user.email, "VIEWER");
    await acceptInvite(db(), second.token, guest.user);
    await expectCode(revokeInvite(db(), owner.workspace.id, second.invite.id), "NOT_FOUND");
    await requireMembership(db(), owner.workspace.id, guest.user.id);
  });
});
