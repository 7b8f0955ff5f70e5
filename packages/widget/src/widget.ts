// The chat widget: a launcher button and a panel inside a shadow root, talking to the public chat API.
import { ChatError, MAX_MESSAGE_CHARS, sendMessage, TOO_LONG } from "./chat-client";
import { conversationStore, type Message } from "./conversation";
import { element } from "./dom";
import { sendFeedback } from "./feedback-client";
import { icon } from "./icons";
import { renderMarkdown } from "./markdown";
import { createRatingRow, rated, type RatedMessage } from "./rating";
import { styles } from "./styles";

export interface WidgetOptions {
  botId: string;
  endpoint: string;
  /** Where thumbs up and down go (the public feedback API). */
  feedbackEndpoint: string;
  title: string;
  greeting: string;
  accent: string;
  position: "left" | "right";
  theme: "light" | "dark";
  /** "page": the conversation fills the page (the share link's chat page), always open, with no launcher. */
  layout?: "floating" | "page";
}

export type WidgetEvent = "open" | "close" | "message" | "error" | "feedback";
type Listener = (detail: unknown) => void;

/**
 * The widget's CSS, as a constructed stylesheet where the browser has them: a host page whose own
 * Content-Security-Policy refuses inline styles (no 'unsafe-inline' in style-src) would block a
 * <style> element, but constructed stylesheets are not subject to it.
 */
function adoptStyles(root: ShadowRoot) {
  if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(styles);
    root.adoptedStyleSheets = [sheet];
  } else root.append(element("style", { textContent: styles }));
}

export function createWidget(options: WidgetOptions) {
  const listeners = new Map<WidgetEvent, Set<Listener>>();
  const emit = (event: WidgetEvent, detail?: unknown) => {
    listeners.get(event)?.forEach((listener) => listener(detail));
    window.dispatchEvent(new CustomEvent(`switchyard:${event}`, { detail }));
  };
  const store = conversationStore(options.botId);
  let conversation = store.load();
  let busy = false;

  const fullPage = options.layout === "page";
  const host = document.createElement("switchyard-chat");
  host.dataset.position = options.position;
  if (fullPage) host.dataset.layout = "page";
  host.dataset.theme = options.theme;
  host.style.setProperty("--accent", options.accent);
  const root = host.attachShadow({ mode: "open" });
  adoptStyles(root);

  const launcher = element("button", { className: "launcher", type: "button" }, icon("chat"));
  launcher.setAttribute("aria-label", `Open chat: ${options.title}`);
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "sy-panel");

  const log = element("div", { className: "log" });
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-label", "Conversation");
  const input = element("textarea", { rows: 1, placeholder: "Write a message…", maxLength: MAX_MESSAGE_CHARS });
  input.setAttribute("aria-label", "Message");
  const send = element("button", { className: "send", type: "submit" }, icon("send"));
  send.setAttribute("aria-label", "Send");
  const form = element("form", { className: "compose" }, input, send);
  const reset = element("button", { type: "button", title: "New conversation" }, icon("reset"));
  reset.setAttribute("aria-label", "Start a new conversation");
  const close = element("button", { type: "button", title: "Close" }, icon("close"));
  close.setAttribute("aria-label", "Close chat");
  const panel = element(
    "div",
    { className: "panel", id: "sy-panel", hidden: true },
    element("header", {}, element("h2", { textContent: options.title }), reset, ...(fullPage ? [] : [close])),
    log,
    form,
    element("footer", { textContent: "Powered by Switchyard" }),
  );
  panel.setAttribute("role", fullPage ? "main" : "dialog");
  panel.setAttribute("aria-label", options.title);
  root.append(panel, ...(fullPage ? [] : [launcher]));

  function bubble(message: Message): HTMLElement {
    const node = element("div", { className: `msg ${message.role}` });
    if (message.role === "user") node.textContent = message.text;
    else node.append(...renderMarkdown(document, message.text));
    return node;
  }

  /** Sends the visitor's vote on an answer and remembers it; false (with the reason shown) when it failed. */
  async function rate(message: RatedMessage, score: 1 | -1, comment: string | undefined, note: HTMLElement) {
    try {
      await sendFeedback(options.feedbackEndpoint, conversation.session, message.runId, score, comment);
      message.rating = score;
      store.save(conversation);
      note.textContent = "Thanks for your feedback";
      emit("feedback", { runId: message.runId, score, comment });
      return true;
    } catch (error) {
      note.textContent = (error as Error).message;
      return false;
    }
  }
  const ratingRow = (message: RatedMessage) => createRatingRow(message, (score, comment, note) => rate(message, score, comment, note));

  function renderAll() {
    log.replaceChildren();
    if (options.greeting) log.append(bubble({ role: "assistant", text: options.greeting }));
    conversation.messages.forEach((message) => log.append(bubble(message), ...(rated(message) ? [ratingRow(message)] : [])));
    log.scrollTop = log.scrollHeight;
  }

  function showError(text: string) {
    const note = element("div", { className: "error", textContent: text });
    note.setAttribute("role", "alert");
    log.append(note);
    log.scrollTop = log.scrollHeight;
    emit("error", { message: text });
  }

  function setOpen(open: boolean) {
    if (open === !panel.hidden || (fullPage && !open)) return;
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    launcher.setAttribute("aria-label", open ? "Minimize chat" : `Open chat: ${options.title}`);
    launcher.replaceChildren(icon(open ? "close" : "chat"));
    if (open) {
      log.scrollTop = log.scrollHeight;
      input.focus();
    } else launcher.focus();
    emit(open ? "open" : "close");
  }

  function remember(message: Message) {
    conversation.messages.push(message);
    store.save(conversation);
    emit("message", message);
  }

  async function sendText(raw: string) {
    const text = raw.trim();
    if (!text || busy) return;
    // Switchyard.send() can pass more than the text box holds: say so in words, without a round trip
    if (text.length > MAX_MESSAGE_CHARS) {
      setOpen(true);
      showError(TOO_LONG);
      return;
    }
    busy = true;
    send.disabled = true;
    setOpen(true);
    remember({ role: "user", text });
    log.append(bubble({ role: "user", text }));
    const typing = element("div", { className: "msg assistant typing" }, element("i"), element("i"), element("i"));
    typing.setAttribute("aria-label", "The assistant is typing");
    log.append(typing);
    log.scrollTop = log.scrollHeight;
    let streamed = "";
    let reply: HTMLElement | null = null;
    try {
      const { reply: final, runId } = await sendMessage(options.endpoint, conversation.session, text, {
        onSession(session) {
          conversation.session = session;
          store.save(conversation);
        },
        onToken(token) {
          streamed += token;
          const next = bubble({ role: "assistant", text: streamed });
          if (reply) reply.replaceWith(next);
          else typing.replaceWith(next);
          reply = next;
          log.scrollTop = log.scrollHeight;
        },
      });
      const answer: Message = { role: "assistant", text: final, ...(runId && { runId }) };
      const done = bubble(answer);
      (reply ?? typing).replaceWith(done);
      remember(answer);
      if (rated(answer)) done.after(ratingRow(answer));
    } catch (error) {
      (reply ?? typing).remove();
      showError(error instanceof ChatError ? error.message : "Something went wrong; please try again.");
    } finally {
      busy = false;
      send.disabled = false;
      log.scrollTop = log.scrollHeight;
    }
  }

  launcher.addEventListener("click", () => setOpen(panel.hidden));
  close.addEventListener("click", () => setOpen(false));
  reset.addEventListener("click", () => {
    conversation = store.reset();
    renderAll();
    input.focus();
  });
  root.addEventListener("keydown", (event) => {
    if ((event as KeyboardEvent).key === "Escape" && !panel.hidden) setOpen(false);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  input.addEventListener("input", () => {
    input.style.height = "auto";
    input.style.height = `${input.scrollHeight}px`;
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    input.value = "";
    input.style.height = "auto";
    void sendText(text);
  });

  renderAll();
  document.body.append(host);
  if (fullPage) setOpen(true);

  return {
    open: () => setOpen(true),
    close: () => setOpen(false),
    toggle: () => setOpen(panel.hidden),
    send: (text: string) => sendText(text),
    reset: () => reset.click(),
    on(event: WidgetEvent, listener: Listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      return () => listeners.get(event)!.delete(listener);
    },
  };
}
