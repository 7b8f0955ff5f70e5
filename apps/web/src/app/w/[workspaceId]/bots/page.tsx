import { listBots } from "@switchyard/db";
import { BotList } from "@/components/workspace/bot-list";
import { db } from "@/server/services";
import { pageMembership } from "@/server/session";

export const metadata = { title: "Bots" };

export default async function BotsPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const { membership } = await pageMembership(workspaceId);
  const bots = await listBots(db(), workspaceId);
  return (
    <BotList
      workspaceId={workspaceId}
      canEdit={membership.role !== "VIEWER"}
      initialBots={bots.map((bot) => ({
        id: bot.id,
        name: bot.name,
        description: bot.description,
        updatedAt: bot.updatedAt.toISOString(),
      }))}
    />
  );
}
