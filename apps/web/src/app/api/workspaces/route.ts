import { createWorkspace, listWorkspaces } from "@switchyard/db";
import { z } from "zod";
import { json, route } from "@/server/route";
import { db } from "@/server/services";

export const GET = route({}, async ({ user }) => {
  const memberships = await listWorkspaces(db(), user.id);
  return { workspaces: memberships.map(({ workspace, role }) => ({ ...workspace, role })) };
});

const createWorkspaceSchema = z.object({ name: z.string().trim().min(1, "Enter a name").max(80, "Use at most 80 characters") });

export const POST = route({ body: createWorkspaceSchema }, async ({ user, body }) => {
  const workspace = await createWorkspace(db(), user.id, body.name);
  return json({ workspace: { id: workspace.id, name: workspace.name, role: "OWNER" } }, 201);
});
