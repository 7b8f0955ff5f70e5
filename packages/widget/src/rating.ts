// Thumbs up and down under an answer; thumbs down then asks, optionally, what was wrong. Buttons and a
// text field only, so it works from the keyboard; the pressed thumb is announced (aria-pressed).
import type { Message } from "./conversation";
import { element } from "./dom";
import { MAX_COMMENT_CHARS } from "./feedback-client";
import { icon } from "./icons";

export type RatedMessage = Message & { runId: string };

/** Answers that came from a run can be rated (the greeting and old messages without a run id cannot). */
export const rated = (message: Message): message is RatedMessage => message.role === "assistant" && Boolean(message.runId);

type Rate = (score: 1 | -1, comment: string | undefined, note: HTMLElement) => Promise<boolean>;

export function createRatingRow(message: RatedMessage, rate: Rate): HTMLElement {
  const row = element("div", { className: "rate" });
  row.setAttribute("role", "group");
  row.setAttribute("aria-label", "Rate this answer");
  const up = element("button", { type: "button", title: "Good answer" }, icon("thumb"));
  const down = element("button", { type: "button", className: "down", title: "Bad answer" }, icon("thumb"));
  up.setAttribute("aria-label", "Good answer");
  down.setAttribute("aria-label", "Bad answer");
  const note = element("span");
  note.setAttribute("role", "status");
  const why = element("input", { type: "text", maxLength: MAX_COMMENT_CHARS, placeholder: "What was wrong? (optional)" });
  why.setAttribute("aria-label", "What was wrong with this answer? (optional)");
  const whyForm = element("form", { className: "why" }, why, element("button", { type: "submit", textContent: "Send" }));
  const show = () => {
    up.setAttribute("aria-pressed", String(message.rating === 1));
    down.setAttribute("aria-pressed", String(message.rating === -1));
  };
  const vote = (score: 1 | -1, comment?: string) => rate(score, comment, note).finally(show);

  up.addEventListener("click", () => {
    whyForm.remove();
    void vote(1);
  });
  down.addEventListener("click", () => {
    void vote(-1).then((sent) => {
      if (!sent) return;
      row.append(whyForm);
      why.focus();
    });
  });
  whyForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const comment = why.value.trim();
    if (comment) void vote(-1, comment).then((sent) => sent && whyForm.remove());
    else whyForm.remove();
  });
  show();
  row.append(up, down, note);
  return row;
}
