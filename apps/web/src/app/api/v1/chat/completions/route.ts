// OpenAI-compatible chat completions: `model` is a deployment's slug, the key a workspace API key.
// Streams chunks then `[DONE]` when asked, else answers once the run finishes.
import { conversationKey } from "@switchyard/db";
import { AppError } from "@switchyard/errors";
import { chatCompletionSchema, chunkEncoder, completionBody, inOpenAiShape, runInputFromMessages, waitingBody } from "@/server/openai";
import { authenticateApiKey, deploymentBySlug, limitApiKey, replyNodeIds } from "@/server/published";
import { route } from "@/server/route";
import { streamRunEvents, waitForRun, type EventEncoder } from "@/server/run-stream";
import { prepareRun } from "@/server/start-run";
import type { ApiRequest } from "@/server/api-request";

const handle = route({ public: true, body: chatCompletionSchema, maxBodyBytes: 1024 * 1024 }, async ({ request, body }) => {
  const key = await authenticateApiKey(request, "chat");
  // the rate limit goes to Redis with the run's budget admission (prepareRun), in one round trip;
  // a request over it is refused before anything else is answered
  const limited = limitApiKey(key);
  limited.catch(() => undefined); // awaited by prepareRun, or below
  const deployment = await deploymentBySlug(key.workspaceId, body.model).catch(async (error: unknown) => {
    await limited;
    throw error;
  });
  if (!deployment) {
    await limited;
    throw new AppError("NOT_FOUND", `The model \`${body.model}\` does not exist; use the slug of one of your deployments`);
  }
  // `user` names a conversation of this key's caller on this deployment, nobody else's
  const sessionId = body.user && conversationKey({ channel: "api", deploymentId: deployment.id, apiKeyId: key.id, user: body.user });
  const input = { ...runInputFromMessages(body.messages), ...(sessionId && { sessionId }) };
  const { runId, flow, start, abandon } = await prepareRun({
    workspaceId: deployment.workspaceId,
    botId: deployment.botId,
    botVersionId: deployment.botVersionId,
    deploymentId: deployment.id,
    source: "API",
    input,
    streamTokens: body.stream === true,
    alongside: limited,
  });
  const headers = { "x-run-id": runId };
  if (!body.stream) {
    const finished = await waitForRun(runId, { replay: false, signal: request.signal, start, abandon });
    // paused for a person: 202 with the approvals it waits on; the run continues once they answer
    if (finished.type === "run.waiting") return Response.json(waitingBody(runId, body.model, finished), { status: 202, headers });
    if (finished.status !== "SUCCEEDED") throw new AppError("UNAVAILABLE", `The bot failed: ${finished.error ?? finished.status}`);
    return Response.json(completionBody(runId, body.model, finished), { headers });
  }
  const chunks = chunkEncoder(runId, body.model, body.stream_options?.include_usage === true);
  const reply = replyNodeIds(flow);
  const encode: EventEncoder = (event) => {
    if (event.type === "token" && (reply.size === 0 || reply.has(event.nodeId))) return chunks.token(event.text);
    if (event.type === "run.waiting") return chunks.waiting(event);
    return event.type === "run.finished" ? chunks.finished(event) : null;
  };
  return streamRunEvents(runId, { replay: false, signal: request.signal, start, abandon, encode, headers, untilWaiting: true });
});

export const POST = async (request: ApiRequest, context: { params: Promise<Record<string, string>> }) =>
  inOpenAiShape(await handle(request, context));
