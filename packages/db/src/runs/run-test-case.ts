// A production run as a dataset row, for "add the thumbs-down answers to a dataset": the visitor's
// message is the input, earlier turns become the conversation's history, and the expected answer is
// left empty for a person to write (the answer the bot gave is kept in metadata, to compare against).
import type { RunRowInput } from "../evals/datasets";

type Turn = { role: "user" | "assistant"; content: string };

export interface RatedRun {
  id: string;
  input: unknown;
  output: unknown;
}

const text = (value: unknown) => (typeof value === "string" ? value : "");

/**
 * The run's earlier turns as a dataset history: only user and assistant turns (system prompts belong
 * to the flow), consecutive turns of one speaker joined, starting with the user and ending with the
 * assistant, as dataset conversations must. A trailing user turn is joined to the final message.
 */
function historyOf(raw: unknown, message: string): { history: Turn[]; input: string } {
  const turns: Turn[] = [];
  for (const turn of Array.isArray(raw) ? raw : []) {
    const { role, content } = (turn ?? {}) as { role?: unknown; content?: unknown };
    if ((role !== "user" && role !== "assistant") || !text(content)) continue;
    if (!turns.length && role === "assistant") continue;
    const last = turns.at(-1);
    if (last?.role === role) last.content += `\n\n${text(content)}`;
    else turns.push({ role, content: text(content) });
  }
  const trailing = turns.at(-1)?.role === "user" ? turns.pop()!.content : null;
  return { history: turns, input: trailing === null ? message : `${trailing}\n\n${message}` };
}

export function testCaseFromRun(run: RatedRun, metadata: Record<string, unknown> = {}): RunRowInput {
  const input = (run.input ?? {}) as { message?: unknown; history?: unknown };
  const conversation = historyOf(input.history, text(input.message));
  const answer = text((run.output as { text?: unknown } | null)?.text);
  return {
    input: conversation.input,
    ...(conversation.history.length && { history: conversation.history }),
    expected: null,
    metadata: { fromRun: run.id, answer, ...metadata },
  };
}
