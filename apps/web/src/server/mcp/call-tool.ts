// One tools/call: a message to a deployment, through the same run start, budget gate and per-key rate
// limit as /v1/chat/completions. What the caller did wrong or what stopped the run (budget, rate
// limit, a failed run) comes back as a tool error the model can read; only an unknown tool name is a
// protocol error, as MCP asks.
import { conversationKey, isDatabaseUnavailable, sessionHistory, type ActiveApiKey } from "@switchyard/db";
import type { RunEvent } from "@switchyard/engine";
import { isAppError } from "@switchyard/errors";
import { isRedisUnavailable } from "@switchyard/queue";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  ErrorCode,
  McpError,
  type CallToolRequest,
  type CallToolResult,
  type ServerNotification,
  type ServerRequest,
} from "@modelcontextprotocol/sdk/types.js";
import { deploymentBySlug, limitApiKey } from "../published";
import { recentTurns, rememberTurn } from "../recent-turns";
import { waitForRun } from "../run-stream";
import { db } from "../services";
import { prepareRun } from "../start-run";
import { progressReporter } from "./progress";
import { toolArgumentsSchema } from "./tool-input";

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

const toolError = (text: string): CallToolResult => ({ isError: true, content: [{ type: "text", text }] });

export async function callDeploymentTool(key: ActiveApiKey, params: CallToolRequest["params"], extra: Extra): Promise<CallToolResult> {
  const deployment = await deploymentBySlug(key.workspaceId, params.name);
  // another workspace's deployment is as unknown as one that never existed
  if (!deployment)
    throw new McpError(ErrorCode.InvalidParams, `No tool named "${params.name}"; list the tools to see this key's deployments`);
  const parsed = toolArgumentsSchema.safeParse(params.arguments ?? {});
  if (!parsed.success) return toolError(`Invalid arguments: ${parsed.error.issues.map((issue) => issue.message).join("; ")}`);
  const { message, sessionId: callerSession } = parsed.data;
  const progress = progressReporter(extra);
  try {
    await limitApiKey(key);
    // the caller's session id names a conversation of this key on this deployment, nobody else's
    const sessionId =
      callerSession && conversationKey({ channel: "mcp", deploymentId: deployment.id, apiKeyId: key.id, sessionId: callerSession });
    const history = sessionId ? await sessionHistory(db(), deployment.id, sessionId, undefined, recentTurns(sessionId)) : [];
    const { runId, flow, start, abandon } = await prepareRun({
      workspaceId: deployment.workspaceId,
      botId: deployment.botId,
      botVersionId: deployment.botVersionId,
      deploymentId: deployment.id,
      source: "MCP",
      input: { message, history, ...(sessionId && { sessionId }) },
      streamTokens: false,
    });
    progress.begin(flow.nodes.size);
    const finished = await waitForRun(runId, {
      replay: false,
      signal: extra.signal,
      start,
      abandon,
      onEvent: (event: RunEvent) => event.type === "node.finished" && !event.parentId && progress.stepFinished(event.nodeId),
    });
    // paused for a person's approval: the run goes on once answered (in the inbox); the caller learns so now
    if (finished.type === "run.waiting")
      return {
        content: [
          {
            type: "text",
            text: `The bot is waiting for a person's approval (${finished.approvals.map((approval) => approval.question).join("; ")}); its reply comes once they answer.`,
          },
        ],
        _meta: { "switchyard/runId": runId, "switchyard/status": "waiting_for_approval", "switchyard/approvals": finished.approvals },
      };
    if (finished.status !== "SUCCEEDED") return toolError(`The bot failed: ${finished.error ?? finished.status.toLowerCase()}`);
    // the caller's next call may come before this run's finish is stored: its history will have this turn
    if (sessionId) rememberTurn(sessionId, { runId, message, reply: finished.output });
    return { content: [{ type: "text", text: finished.output ?? "" }], _meta: { "switchyard/runId": runId } };
  } catch (error) {
    // budget exceeded, rate limited, a flow that cannot run: the AppError's message is written for people
    if (isAppError(error)) return toolError(error.message);
    if (isDatabaseUnavailable(error) || isRedisUnavailable(error)) return toolError("A backing service is unavailable; try again shortly.");
    throw error;
  } finally {
    progress.stop();
  }
}
