// Entry of widget.js: reads its own <script data-*> attributes and mounts the widget, exposing
// `window.Switchyard` (open, close, toggle, send, reset, on). `data-layout="page"` fills the page with
// the conversation (the share link's chat page).
//   <script src="https://HOST/widget.js" data-bot="PUBLIC_ID" async></script>
import { createWidget } from "./widget";

const script = (document.currentScript ?? document.querySelector("script[data-bot][src*='widget.js']")) as HTMLScriptElement | null;

function mount() {
  if (!script?.dataset.bot) {
    console.error('Switchyard widget: add data-bot="<public id>" to its script tag');
    return;
  }
  const data = script.dataset;
  const api = (path: string) => `${new URL(script.src).origin}/api/public/${path}?bot=${encodeURIComponent(data.bot!)}`;
  const prefersDark = window.matchMedia?.("(prefers-color-scheme: dark)").matches;
  const widget = createWidget({
    botId: data.bot!,
    endpoint: api("chat"),
    feedbackEndpoint: api("feedback"),
    title: data.title || "Chat with us",
    greeting: data.greeting ?? "Hi! How can I help?",
    accent: data.accent || "#4f46e5",
    position: data.position === "left" ? "left" : "right",
    theme: data.theme === "dark" || (data.theme === "auto" && prefersDark) ? "dark" : "light",
    layout: data.layout === "page" ? "page" : "floating",
  });
  (window as unknown as { Switchyard: typeof widget }).Switchyard = widget;
  window.dispatchEvent(new CustomEvent("switchyard:ready"));
}

if (document.body) mount();
else document.addEventListener("DOMContentLoaded", mount, { once: true });
