import {
  deploymentFeedbackCounts,
  deploymentUsage,
  getDeployment,
  lastConversations,
  listDatasets,
  listRatedRuns,
  listVersions,
} from "@switchyard/db";
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import QRCode from "qrcode";
import { AllowedOrigins } from "@/components/deployments/allowed-origins";
import { CopyBlock } from "@/components/deployments/copy-block";
import { DeleteDeployment } from "@/components/deployments/delete-deployment";
import { DeploymentActivity } from "@/components/deployments/deployment-activity";
import { DeploymentFeedback } from "@/components/deployments/deployment-feedback";
import { McpToolDescription } from "@/components/deployments/mcp-tool";
import { ShareLink } from "@/components/deployments/share-link";
import { VersionPicker } from "@/components/deployments/version-picker";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { chatAppearance } from "@/server/chat-appearance";
import { toolDescription } from "@/server/mcp/tool-description";
import { db, env } from "@/server/services";
import { pageMembership } from "@/server/session";

export const metadata = { title: "Deployment" };

const USAGE_DAYS = 30;

export default async function DeploymentPage({ params }: { params: Promise<{ workspaceId: string; deploymentId: string }> }) {
  const { workspaceId, deploymentId } = await params;
  const { membership } = await pageMembership(workspaceId);
  const deployment = await getDeployment(db(), workspaceId, deploymentId).catch(() => notFound());
  const since = new Date(Date.now() - USAGE_DAYS * 86_400_000);
  const [versions, usage, conversations, feedbackCounts, thumbsDown, datasets] = await Promise.all([
    listVersions(db(), workspaceId, deployment.bot.id),
    deploymentUsage(db(), workspaceId, deployment.id, since),
    lastConversations(db(), workspaceId, deployment.id),
    deploymentFeedbackCounts(db(), workspaceId, deployment.id, since),
    listRatedRuns(db(), workspaceId, { score: -1, deploymentId: deployment.id, since, take: 5 }),
    listDatasets(db(), workspaceId),
  ]);
  const canEdit = membership.role !== "VIEWER";
  const host = env().SWITCHYARD_URL.replace(/\/$/, "");
  const path = `/api/workspaces/${workspaceId}/deployments/${deployment.id}`;
  const look = chatAppearance({ botName: deployment.bot.name, ...deployment });
  const attribute = (value: string) => value.replaceAll("&", "&amp;").replaceAll('"', "&quot;");
  const snippet = [
    `<script src="${host}/widget.js" data-bot="${deployment.publicId}"`,
    `  data-title="${attribute(look.title)}" data-greeting="${attribute(look.greeting)}"`,
    `  data-accent="${look.accent}" data-theme="${look.theme}" async></script>`,
  ].join("\n");
  const shareUrl = `${host}/chat/${deployment.publicId}`;
  // made here, not by a service: the page stays air-gapped and the link never leaves the server
  const qrCode = `data:image/svg+xml;base64,${Buffer.from(await QRCode.toString(shareUrl, { type: "svg", margin: 1 })).toString("base64")}`;
  const mcpConfig = JSON.stringify(
    { mcpServers: { switchyard: { type: "http", url: `${host}/api/mcp`, headers: { Authorization: "Bearer ${SWITCHYARD_API_KEY}" } } } },
    null,
    2,
  );
  const apiExample = [
    `curl ${host}/api/v1/chat/completions \\`,
    `  -H "Authorization: Bearer $SWITCHYARD_API_KEY" -H "Content-Type: application/json" \\`,
    `  -d '{"model": "${deployment.slug}", "messages": [{"role": "user", "content": "Hello"}]}'`,
  ].join("\n");

  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-6 px-8 py-8">
      <div>
        <Link
          href={`/w/${workspaceId}/deployments`}
          className="mb-2 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-900"
        >
          <ArrowLeft className="h-4 w-4" /> Deployments
        </Link>
        <div className="flex items-end justify-between gap-4">
          <div>
            <h1 className="flex items-center gap-3 text-2xl font-semibold tracking-tight">
              {deployment.bot.name}
              <span className="rounded-full bg-emerald-100 px-2.5 py-0.5 text-sm font-medium text-emerald-700">
                v{deployment.botVersion.number} live
              </span>
            </h1>
            <p className="text-sm text-zinc-600">
              API model <code className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs">{deployment.slug}</code> · widget id{" "}
              <code className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs">{deployment.publicId}</code>
            </p>
          </div>
          <div className="flex gap-2">
            <Link href={`/w/${workspaceId}/bots/${deployment.bot.id}`} className="text-sm font-medium text-indigo-700 hover:underline">
              Open in editor
            </Link>
            {canEdit && <DeleteDeployment path={path} back={`/w/${workspaceId}/deployments`} />}
          </div>
        </div>
      </div>

      <div className="grid grid-cols-2 gap-6">
        <Card>
          <CardHeader>
            <CardTitle>Version</CardTitle>
            <p className="text-sm text-zinc-500">Serve a newer version, or roll back to an earlier one. New messages use it at once.</p>
          </CardHeader>
          <CardContent>
            <VersionPicker
              path={path}
              current={deployment.botVersion.number}
              canEdit={canEdit}
              versions={versions.map((version) => ({
                number: version.number,
                note: version.note,
                createdAt: version.createdAt.toISOString(),
              }))}
            />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Allowed origins</CardTitle>
            <p className="text-sm text-zinc-500">Pages on these sites may show the widget; others are refused.</p>
          </CardHeader>
          <CardContent>
            <AllowedOrigins path={path} initial={deployment.allowedOrigins} canEdit={canEdit} />
          </CardContent>
        </Card>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Embed the widget</CardTitle>
          <p className="text-sm text-zinc-500">
            Paste before <code>&lt;/body&gt;</code>. Optional: <code>data-greeting</code>, <code>data-position=&quot;left&quot;</code>,{" "}
            <code>data-theme=&quot;dark|auto&quot;</code>. From script: <code>Switchyard.open()</code>, <code>.close()</code>,{" "}
            <code>.send(text)</code>, <code>.on(&quot;message&quot;, fn)</code>.
          </p>
        </CardHeader>
        <CardContent>
          <CopyBlock label="Embed snippet" code={snippet} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Share link</CardTitle>
          <p className="text-sm text-zinc-500">
            A chat page of its own on this server, for people to open without embedding anything. It has the widget&apos;s limits and the
            deployment&apos;s budget.
          </p>
        </CardHeader>
        <CardContent>
          <ShareLink
            path={path}
            url={shareUrl}
            qrCode={qrCode}
            initialEnabled={deployment.shareEnabled}
            appearance={deployment}
            defaults={{ title: deployment.bot.name, greeting: look.greeting, accent: look.accent }}
            canEdit={canEdit}
          />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>MCP tool</CardTitle>
          <p className="text-sm text-zinc-500">
            MCP clients (Claude, Cursor, VS Code, agents) see every deployment of this workspace as a tool; this one is{" "}
            <code className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs">{deployment.slug}</code>. Server URL{" "}
            <code className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs">{host}/api/mcp</code> (Streamable HTTP), with a key that has the MCP
            scope from{" "}
            <Link href={`/w/${workspaceId}/settings#api-keys`} className="text-indigo-700 hover:underline">
              Settings → API keys
            </Link>
            .
          </p>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <CopyBlock label="MCP client config" code={mcpConfig} />
          <McpToolDescription
            path={path}
            initial={deployment.mcpDescription}
            placeholder={toolDescription({ botName: deployment.bot.name, mcpDescription: null })}
            canEdit={canEdit}
          />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>OpenAI-compatible API</CardTitle>
          <p className="text-sm text-zinc-500">
            Any OpenAI client works with base URL <code>{host}/api/v1</code> and a key from{" "}
            <Link href={`/w/${workspaceId}/settings#api-keys`} className="text-indigo-700 hover:underline">
              Settings → API keys
            </Link>
            .
          </p>
        </CardHeader>
        <CardContent>
          <CopyBlock label="API example" code={apiExample} />
        </CardContent>
      </Card>

      <DeploymentFeedback
        workspaceId={workspaceId}
        deploymentId={deployment.id}
        days={USAGE_DAYS}
        counts={feedbackCounts}
        latest={thumbsDown.map(({ run, comments, ratedAt }) => ({
          runId: run.id,
          message: String((run.input as { message?: unknown }).message ?? ""),
          answer: (run.output as { text?: string } | null)?.text ?? "",
          comments,
          ratedAt: ratedAt.toISOString(),
        }))}
        datasets={datasets.map((dataset) => ({ id: dataset.id, name: dataset.name }))}
        canEdit={canEdit}
      />

      <DeploymentActivity
        days={USAGE_DAYS}
        usage={usage}
        conversations={conversations.map((conversation) => ({ ...conversation, lastAt: conversation.lastAt.toISOString() }))}
      />
    </div>
  );
}
