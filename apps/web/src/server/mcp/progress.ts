// Progress notifications for a tool call that takes a while: one when each step of the flow finishes,
// and while a long step (a slow model) is still going, a heartbeat so that clients which reset their
// timeout on progress keep waiting. MCP asks that progress only ever increases: heartbeats add half of
// what is left before the next whole step, so they never reach it.
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";

const HEARTBEAT_MS = 5_000;

export function progressReporter(extra: RequestHandlerExtra<ServerRequest, ServerNotification>) {
  const token = extra._meta?.progressToken;
  let total = 0;
  let steps = 0;
  let progress = 0;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const send = (message: string) => {
    if (token === undefined) return;
    extra
      .sendNotification({ method: "notifications/progress", params: { progressToken: token, progress, total, message } })
      .catch(() => undefined);
  };
  return {
    begin(stepCount: number) {
      total = stepCount;
      if (token === undefined) return;
      const began = Date.now();
      heartbeat = setInterval(() => {
        progress += (steps + 1 - progress) / 2;
        send(`Still running (${Math.round((Date.now() - began) / 1000)} s)`);
      }, HEARTBEAT_MS);
      heartbeat.unref();
    },
    stepFinished(nodeId: string) {
      if (steps === total) return; // never the same figure twice
      progress = ++steps;
      send(`Step ${nodeId} finished (${steps} of ${total})`);
    },
    stop: () => clearInterval(heartbeat),
  };
}
