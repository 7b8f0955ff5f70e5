// The conversation kept in the visitor's browser (local storage), so it survives a page reload.

export interface Message {
  role: "user" | "assistant";
  text: string;
}

export interface Conversation {
  sessionId: string;
  messages: Message[];
}

const MAX_KEPT = 100;

function newSessionId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export function conversationStore(botId: string) {
  const key = `switchyard:${botId}`;
  const fresh = (): Conversation => ({ sessionId: newSessionId(), messages: [] });
  return {
    load(): Conversation {
      try {
        const saved = JSON.parse(localStorage.getItem(key) ?? "null") as Conversation | null;
        return saved && typeof saved.sessionId === "string" && Array.isArray(saved.messages) ? saved : fresh();
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
