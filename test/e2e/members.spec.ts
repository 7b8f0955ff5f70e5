// Workspace settings: owners remove members and revoke invites; a removed member is out at once.
import { expect, test, type Page } from "@playwright/test";
import { apiAccount, fromApp, newAccount, signUp, snap, workspaceIdFrom } from "./support";

/** Invites `email` from the settings page and returns the invite link's token. */
async function inviteFromSettings(page: Page, email: string, role: "Editor" | "Viewer") {
  await page.getByLabel("Email to invite").fill(email);
  await page.getByLabel("Role").selectOption({ label: role });
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  const link = await page.getByLabel("Invite link").textContent();
  return link!.split("/invite/")[1]!;
}

test("an owner removes a member and revokes an invite from settings, and both lose access at once", async ({
  page,
  playwright,
  baseURL,
}) => {
  const owner = newAccount("owner");
  await signUp(page, owner);
  const workspaceId = workspaceIdFrom(page);
  const memberClient = await playwright.request.newContext({ baseURL, extraHTTPHeaders: fromApp });
  const member = await apiAccount(memberClient, "member");
  const inviteeClient = await playwright.request.newContext({ baseURL, extraHTTPHeaders: fromApp });
  const invitee = await apiAccount(inviteeClient, "invitee");

  await page.goto(`/w/${workspaceId}/settings`);
  const memberToken = await inviteFromSettings(page, member.account.email, "Editor");
  expect((await memberClient.post(`/api/invites/${memberToken}`)).status()).toBe(200);
  const inviteeToken = await inviteFromSettings(page, invitee.account.email, "Viewer");
  const bots = `/api/workspaces/${workspaceId}/bots`;
  expect((await memberClient.get(bots)).status()).toBe(200);
  // only owners remove people
  const listed = (await (await memberClient.get(`/api/workspaces/${workspaceId}/members`)).json()) as {
    members: { id: string; role: string }[];
  };
  const ownerId = listed.members.find((one) => one.role === "OWNER")!.id;
  expect((await memberClient.delete(`/api/workspaces/${workspaceId}/members/${ownerId}`)).status()).toBe(403);

  await page.reload();
  const members = page.getByRole("list", { name: "Members" });
  await expect(members.getByRole("listitem")).toHaveCount(2);
  const pending = page.getByRole("list", { name: "Pending invites" });
  await expect(pending).toContainText(invitee.account.email);
  // the only owner cannot be removed
  await expect(page.getByRole("button", { name: `Remove ${owner.name}` })).toHaveCount(0);
  await snap(page, "60-settings-members");

  await page.getByRole("button", { name: "Remove Member" }).click();
  await expect(members).toContainText("Remove Member?");
  await snap(page, "61-settings-remove-member");
  await page.getByRole("button", { name: "Remove", exact: true }).click();
  await expect(members.getByRole("listitem")).toHaveCount(1);
  expect((await memberClient.get(bots)).status()).toBe(404);
  expect((await memberClient.post(bots, { data: { name: "still here?" } })).status()).toBe(404);
  expect((await memberClient.get(`/w/${workspaceId}/settings`)).status()).toBe(404);

  await page.getByRole("button", { name: `Revoke invite for ${invitee.account.email}` }).click();
  await expect(pending).toHaveCount(0);
  const accepted = await inviteeClient.post(`/api/invites/${inviteeToken}`);
  expect(accepted.status()).toBe(404);
  expect(await accepted.text()).toContain("This invite link is invalid or has expired");
  await page.reload();
  await expect(members.getByRole("listitem")).toHaveCount(1);
  await expect(page.getByRole("list", { name: "Pending invites" })).toHaveCount(0);
  await snap(page, "62-settings-after-removal");

  await Promise.all([memberClient.dispose(), inviteeClient.dispose()]);
});
