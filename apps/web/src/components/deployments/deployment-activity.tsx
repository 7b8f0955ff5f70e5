import { MessagesSquare } from "lucide-react";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { formatCost } from "@/lib/format";
import { ago } from "@/lib/time";

interface Usage {
  source: string;
  runs: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

interface Conversation {
  sessionId: string | null;
  source: string;
  turns: number;
  lastMessage: string;
  lastReply: string | null;
  lastAt: string;
}

const sourceLabel: Record<string, string> = { WIDGET: "Widget", API: "API", MCP: "MCP", EDITOR: "Editor", EVAL: "Eval" };
const number = new Intl.NumberFormat("en");

/** Usage of the deployment over the last days, and its latest conversations. */
export function DeploymentActivity({ days, usage, conversations }: { days: number; usage: Usage[]; conversations: Conversation[] }) {
  const total = usage.reduce(
    (sum, row) => ({ runs: sum.runs + row.runs, tokens: sum.tokens + row.tokensIn + row.tokensOut, costUsd: sum.costUsd + row.costUsd }),
    { runs: 0, tokens: 0, costUsd: 0 },
  );
  const figures = [
    { label: "Messages", value: number.format(total.runs) },
    { label: "Tokens", value: number.format(total.tokens) },
    { label: "Cost", value: formatCost(total.costUsd) },
  ];
  return (
    <>
      <Card>
        <CardHeader>
          <CardTitle>Usage</CardTitle>
          <p className="text-sm text-zinc-500">The last {days} days, widget and API together.</p>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <dl className="grid grid-cols-3 gap-4" aria-label="Usage totals">
            {figures.map((figure) => (
              <div key={figure.label} className="rounded-lg bg-zinc-50 px-4 py-3">
                <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500">{figure.label}</dt>
                <dd className="text-2xl font-semibold tabular-nums text-zinc-900">{figure.value}</dd>
              </div>
            ))}
          </dl>
          {usage.length > 0 && (
            <p className="text-xs text-zinc-500">
              {usage
                .map((row) => `${sourceLabel[row.source] ?? row.source}: ${number.format(row.runs)} messages, ${formatCost(row.costUsd)}`)
                .join(" · ")}
            </p>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Last conversations</CardTitle>
        </CardHeader>
        <CardContent>
          {conversations.length ? (
            <ul className="divide-y divide-zinc-100" aria-label="Last conversations">
              {conversations.map((conversation, index) => (
                <li key={conversation.sessionId ?? index} className="flex items-start gap-3 py-3 text-sm">
                  <MessagesSquare className="mt-0.5 h-4 w-4 shrink-0 text-zinc-400" />
                  <div className="min-w-0 flex-1">
                    <p className="truncate font-medium text-zinc-900">{conversation.lastMessage}</p>
                    <p className="truncate text-zinc-500">{conversation.lastReply ?? "No reply"}</p>
                  </div>
                  <div className="shrink-0 text-right text-xs text-zinc-500">
                    <div>
                      {sourceLabel[conversation.source] ?? conversation.source} · {conversation.turns} message
                      {conversation.turns === 1 ? "" : "s"}
                    </div>
                    <div>{ago(conversation.lastAt)}</div>
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-zinc-500">No conversations yet.</p>
          )}
        </CardContent>
      </Card>
    </>
  );
}
