// Starts a run of the bot being edited and follows its Server-Sent Events.
import type { RunEvent } from "@switchyard/engine";

export interface ChatTurn {
  role: "user" | "assistant";
  content: string;
}

export async function streamRun(
  url: string,
  body: { message: string; history: ChatTurn[]; sessionId?: string },
  onEvent: (event: RunEvent) => void,
  signal?: AbortSignal,
): Promise<string | null> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok) {
    const data = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
    throw new Error(data.error?.message ?? `The run could not start (${response.status})`);
  }
  const runId = response.headers.get("x-run-id");
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let boundary: number;
    while ((boundary = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      const data = block.split("\n").find((line) => line.startsWith("data: "));
      if (data) onEvent(JSON.parse(data.slice(6)) as RunEvent);
    }
  }
  return runId;
}
