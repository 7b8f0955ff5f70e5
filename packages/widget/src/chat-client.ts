// Sends one message to the public chat API and hands the streamed reply over piece by piece.

export interface ChatCallbacks {
  onToken: (text: string) => void;
}

export class ChatError extends Error {}

/** As the public chat API allows (apps/web/src/app/api/public/chat/route.ts). */
export const MAX_MESSAGE_CHARS = 4000;
export const TOO_LONG = "That message is too long: please keep it under 4,000 characters.";

/** The server mints the visitor's session token and answers it on every reply; it is sent back as is. */
export const SESSION_HEADER = "x-switchyard-session";

export async function sendMessage(
  endpoint: string,
  session: string | undefined,
  message: string,
  callbacks: ChatCallbacks & { onSession: (session: string) => void },
): Promise<{ reply: string; runId?: string }> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream", ...(session && { [SESSION_HEADER]: session }) },
      body: JSON.stringify({ message }),
    });
  } catch {
    // a refused origin fails here too: CORS keeps the server's reason from the page
    throw new ChatError("This chat is not available on this site right now.");
  }
  // a limit of the server, however it is worded, reads to a visitor as their message being too long
  if (response.status === 413) throw new ChatError(TOO_LONG);
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new ChatError(body?.error?.message ?? `The chat answered with an error (${response.status}).`);
  }
  const minted = response.headers.get(SESSION_HEADER);
  if (minted) callbacks.onSession(minted);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (!event || data === undefined) continue;
      const payload = JSON.parse(data) as { text?: string; reply?: string; runId?: string; error?: string | null; message?: string };
      if (event === "token") callbacks.onToken(payload.text ?? "");
      // the bot waits for a person's approval: say so instead of a reply
      if (event === "waiting") return { reply: payload.message ?? "", runId: payload.runId };
      if (event === "done") {
        if (payload.error) throw new ChatError(payload.error);
        return { reply: payload.reply ?? "", runId: payload.runId };
      }
    }
  }
  throw new ChatError("The connection closed before the reply was complete.");
}
