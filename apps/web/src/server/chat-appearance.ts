// How a deployment's chat looks, with the defaults for what its page leaves unset: the share link's
// page and the embed snippet both read it, so they always agree.
export interface ChatAppearanceFields {
  botName: string;
  chatTitle: string | null;
  chatGreeting: string | null;
  chatAccent: string | null;
  chatTheme: string | null;
}

export const DEFAULT_GREETING = "Hi! How can I help?";
export const DEFAULT_ACCENT = "#4f46e5";

export function chatAppearance(fields: ChatAppearanceFields) {
  return {
    title: fields.chatTitle ?? fields.botName,
    greeting: fields.chatGreeting ?? DEFAULT_GREETING,
    accent: fields.chatAccent ?? DEFAULT_ACCENT,
    theme: (fields.chatTheme ?? "light") as "light" | "dark" | "auto",
  };
}
