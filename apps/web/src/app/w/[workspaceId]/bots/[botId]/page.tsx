import { getBot } from "@switchyard/db";
import { flowGraphSchema } from "@switchyard/engine";
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { db } from "@/server/services";
import { pageMembership } from "@/server/session";

export default async function BotPage({ params }: { params: Promise<{ workspaceId: string; botId: string }> }) {
  const { workspaceId, botId } = await params;
  await pageMembership(workspaceId);
  const bot = await getBot(db(), workspaceId, botId).catch(() => notFound());
  const graph = flowGraphSchema.safeParse(bot.draftGraph);
  const nodes = graph.success ? graph.data.nodes : [];
  const edges = graph.success ? graph.data.edges : [];
  return (
    <div className="mx-auto max-w-5xl px-8 py-8">
      <Link href={`/w/${workspaceId}/bots`} className="mb-4 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800">
        <ArrowLeft className="h-4 w-4" /> All bots
      </Link>
      <h1 className="text-2xl font-semibold tracking-tight">{bot.name}</h1>
      <p className="mb-6 text-sm text-zinc-600">{bot.description || "No description"}</p>
      <Card>
        <CardHeader>
          <CardTitle>Draft flow</CardTitle>
          <p className="text-sm text-zinc-500">
            Revision {bot.draftRevision} · {nodes.length} nodes · {edges.length} connections · last edited{" "}
            {bot.updatedAt.toLocaleString("en")}
          </p>
        </CardHeader>
        <CardContent>
          {nodes.length ? (
            <ul className="grid grid-cols-2 gap-2 text-sm">
              {nodes.map((node) => (
                <li key={node.id} className="rounded-md border border-zinc-200 px-3 py-2">
                  <span className="font-medium">{node.type}</span> <span className="text-zinc-400">#{node.id}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-zinc-500">This flow is empty.</p>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
