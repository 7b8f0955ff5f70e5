import { listWorkspaces } from "@switchyard/db";
import { redirect } from "next/navigation";
import { db } from "@/server/services";
import { readSessionUser } from "@/server/session";

export default async function Home() {
  const user = await readSessionUser();
  if (!user) redirect("/login");
  const [first] = await listWorkspaces(db(), user.id);
  if (!first) redirect("/login");
  redirect(`/w/${first.workspaceId}/bots`);
}
