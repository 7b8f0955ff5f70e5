import { emailSchema } from "@switchyard/auth";
import { createInvite, listPendingInvites } from "@switchyard/db";
import { z } from "zod";
import { json, route } from "@/server/route";
import { db, env } from "@/server/services";

const inviteSchema = z.object({ email: emailSchema, role: z.enum(["OWNER", "EDITOR", "VIEWER"]).default("EDITOR") });

// No mail server is needed: the owner copies the link and sends it however they like.
export const POST = route({ role: "OWNER", body: inviteSchema }, async ({ workspaceId, user, body }) => {
  const { invite, token } = await createInvite(db(), workspaceId, user.id, body.email, body.role);
  const link = new URL(`/invite/${token}`, env().SWITCHYARD_URL).toString();
  return json({ invite: { id: invite.id, email: invite.email, role: invite.role, expiresAt: invite.expiresAt }, link }, 201);
});

export const GET = route({ role: "OWNER" }, async ({ workspaceId }) => ({ invites: await listPendingInvites(db(), workspaceId) }));
