// Two web processes and three workers sharing one Redis and one PostgreSQL, as behind a load balancer:
// a run started through web A streams from web B after a reconnect with Last-Event-ID, rate limits
// count across both webs, and load split across them loses nothing.
import { describe, afterAll, beforeAll, expect, it } from "vitest";
import { startWeb, type PlatformProcess } from "../support/platform";
import { completion, publicChat, startChaosPlatform, type ChaosPlatform, type Outcome } from "./harness";
import { lostMessages } from "./scenarios";

const port = Number(process.env.CHAOS_PORT ?? 3283);
const deploymentLimit = 12;
let platform: ChaosPlatform;
let webB: PlatformProcess;
let urls: [string, string];

beforeAll(async () => {
  // every widget message counts against the deployment's limit, whichever web process takes it
  const webEnv = { PUBLIC_CHAT_PER_DEPLOYMENT_PER_MINUTE: String(deploymentLimit) };
  platform = await startChaosPlatform({ port, workers: 3, fixture: { latencyMs: 20, tokenDelayMs: 40 }, webEnv });
  webB = await startWeb(port + 3, {
    PUBLIC_CHAT_PER_IP_PER_MINUTE: "1000000",
    PUBLIC_CHAT_PER_SESSION_PER_MINUTE: "1000000",
    PUBLIC_CHAT_NEW_SESSIONS_PER_MINUTE: "1000000",
    API_PER_KEY_PER_MINUTE: "1000000",
    ...webEnv,
  });
  urls = [platform.baseUrl, `http://127.0.0.1:${port + 3}`];
}, 180_000);

afterAll(async () => {
  await webB?.stop();
  await platform?.stop();
});

interface SseEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

/** Reads SSE events from a response until `stop` says so (or the stream ends); then drops the connection. */
async function readEvents(response: Response, stop: (events: SseEvent[]) => boolean): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  while (!stop(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffered.indexOf("\n\n")) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const field = (name: string) =>
        block
          .split("\n")
          .find((line) => line.startsWith(`${name}: `))
          ?.slice(name.length + 2);
      const data = field("data");
      if (data !== undefined) events.push({ id: field("id") ?? "", type: field("event") ?? "message", data: JSON.parse(data) });
    }
  }
  await reader.cancel().catch(() => undefined);
  return events;
}

describe("two web processes and three workers", () => {
  it("streams a run started through web A from web B after a reconnect, with no gap and no repeat", async () => {
    const { cookie, workspaceId, botId } = platform.bot;
    const path = `/api/workspaces/${workspaceId}/bots/${botId}/runs`;
    const started = await fetch(`${urls[0]}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream", cookie, origin: urls[0] },
      body: JSON.stringify({ message: "Tell me a long story", version: 1 }),
    });
    expect(started.status).toBe(200);
    const runId = started.headers.get("x-run-id")!;
    // the client drops off after the first tokens...
    const before = await readEvents(started, (events) => events.filter((event) => event.type === "token").length >= 2);
    const lastSeen = before.at(-1)!.id;
    expect(lastSeen).toBeTruthy();
    // ...and reconnects to the other web process, which picks up exactly after what it saw
    const resumed = await fetch(`${urls[1]}/api/runs/${runId}/events`, {
      headers: { accept: "text/event-stream", cookie, "last-event-id": lastSeen },
    });
    expect(resumed.status).toBe(200);
    const after = await readEvents(resumed, (events) => events.some((event) => event.type === "run.finished"));
    const ids = [...before, ...after].map((event) => event.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(after.at(-1)).toMatchObject({ type: "run.finished", data: { status: "SUCCEEDED" } });
    const streamed = [...before, ...after]
      .filter((event) => event.type === "token")
      .map((event) => event.data.text)
      .join("");
    expect(streamed).toBe(after.at(-1)!.data.output);
  });

  it("counts one deployment's rate limit across both web processes", async () => {
    const outcomes: Outcome[] = [];
    for (let index = 0; index < deploymentLimit + 6; index++)
      outcomes.push(await publicChat(urls[index % 2]!, platform.bot.publicId, `limit-${index}`, `message ${index}`));
    expect(outcomes.filter((outcome) => outcome.kind === "ok")).toHaveLength(deploymentLimit);
    expect(outcomes.filter((outcome) => outcome.kind === "rejected" && outcome.status === 429)).toHaveLength(6);
  });

  it("serves load split across both web processes with no error and no lost run", async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 120 }, (_, index) =>
        completion(urls[index % 2]!, platform.bot.apiKey, platform.bot.slug, [{ role: "user", content: `question ${index}` }]),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.kind !== "ok")).toEqual([]);
    expect(await lostMessages(platform, outcomes)).toBe(0);
  });
});
