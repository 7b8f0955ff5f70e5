// The conversation kept in the visitor's browser (local storage), so it survives a page reload.

export interface Message {
  role: "user" | "assistant";
  text: string;
  /** The run that gave this answer, which the visitor can rate. */
  runId?: string;
  rating?: 1 | -1;
}

export interface Conversation {
  /** The session token the server minted on the first message; absent until then. */
  session?: string;
  messages: Message[];
}

const MAX_KEPT = 100;

export function conversationStore(botId: string) {
  const key = `switchyard:${botId}`;
  const fresh = (): Conversation => ({ messages: [] });
  return {
    load(): Conversation {
      try {
        const saved = JSON.parse(localStorage.getItem(key) ?? "null") as Conversation | null;
        // a conversation saved by an older widget (a sessionId it chose) keeps its messages and gets a server session
        return saved && Array.isArray(saved.messages)
          ? { messages: saved.messages, ...(typeof saved.session === "string" && { session: saved.session }) }
          : fresh();
      } catch {
        return fresh(); // storage blocked (privacy mode) or corrupt: start over
      }
    },
    save(conversation: Conversation) {
      try {
        localStorage.setItem(key, JSON.stringify({ ...conversation, messages: conversation.messages.slice(-MAX_KEPT) }));
      } catch {
        // storage full or blocked: the conversation still works, it just will not survive a reload
      }
    },
    reset(): Conversation {
      const conversation = fresh();
      this.save(conversation);
      return conversation;
    },
  };
}
