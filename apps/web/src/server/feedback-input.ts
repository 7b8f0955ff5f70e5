// The bodies of the feedback routes (widget, API, app): a thumbs up or down and an optional comment.
import { z } from "zod";

export const MAX_FEEDBACK_COMMENT_CHARS = 1000;

const score = z.union([z.literal(1), z.literal(-1)], { error: "score must be 1 (thumbs up) or -1 (thumbs down)" });
const comment = z
  .string({ error: "comment must be text" })
  .trim()
  .max(MAX_FEEDBACK_COMMENT_CHARS, `comment is longer than ${MAX_FEEDBACK_COMMENT_CHARS.toLocaleString("en")} characters`)
  .nullish()
  .transform((text) => text || null);
const runId = z.string({ error: "give the run's id" }).min(1, "give the run's id").max(100, "that is not a run id");

/** The widget's vote: camelCase like the rest of the widget API. */
export const widgetFeedbackSchema = z.object({ runId, score, comment });

/**
 * `POST /api/v1/feedback`: snake_case like the OpenAI API beside it. `run_id` is the `x-run-id` header of
 * a chat completion, or the completion's `id` (`chatcmpl-<run id>`).
 */
export const apiFeedbackSchema = z.object({
  run_id: runId.transform((id) => id.replace(/^chatcmpl-/, "")),
  score,
  comment,
});

/** A member's vote in the app. */
export const appFeedbackSchema = z.object({ score, comment });
