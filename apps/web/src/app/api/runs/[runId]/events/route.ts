// The run's events as Server-Sent Events: everything so far, then live until the run finishes.
// Reconnecting clients send Last-Event-ID and continue where they left off.
import { searchParamsOf } from "@/server/api-request";
import { route } from "@/server/route";
import { requireRunAccess } from "@/server/run-access";
import { streamRunEvents } from "@/server/run-stream";

const streamId = /^\d+-\d+$/;

export const GET = route({}, async ({ params, user, request }) => {
  await requireRunAccess(params.runId!, user);
  const lastEventId = request.headers.get("last-event-id") ?? searchParamsOf(request).get("after") ?? undefined;
  return streamRunEvents(params.runId!, {
    replay: true,
    afterId: lastEventId && streamId.test(lastEventId) ? lastEventId : undefined,
    signal: request.signal,
  });
});
