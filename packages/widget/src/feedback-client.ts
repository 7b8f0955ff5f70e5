// Sends the visitor's thumbs up or down on one answer. The session token proves the answer was given in
// their own conversation; voting again replaces the earlier vote.
import { ChatError, SESSION_HEADER } from "./chat-client";

/** As the public feedback API allows (apps/web/src/server/feedback-input.ts). */
export const MAX_COMMENT_CHARS = 1000;

export async function sendFeedback(endpoint: string, session: string | undefined, runId: string, score: 1 | -1, comment?: string) {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json", ...(session && { [SESSION_HEADER]: session }) },
    body: JSON.stringify({ runId, score, ...(comment && { comment }) }),
  }).catch(() => null);
  if (response?.ok) return;
  const body = (await response?.json().catch(() => null)) as { error?: { message?: string } } | null;
  throw new ChatError(body?.error?.message ?? "Your feedback could not be sent; please try again.");
}
