// The earlier turns of a conversation test case, shown above its final user message.
import type { Turn } from "@switchyard/evals";

export function ConversationTurns({ turns }: { turns: Turn[] }) {
  return (
    <ol
      className="mb-1 space-y-0.5 border-l-2 border-zinc-200 pl-2 text-xs text-zinc-500"
      aria-label="Earlier turns"
      data-testid="earlier-turns"
    >
      {turns.map((turn, index) => (
        <li key={index} className="line-clamp-2">
          <span className="font-medium text-zinc-600">{turn.role === "user" ? "User" : "Assistant"}:</span> {turn.content}
        </li>
      ))}
    </ol>
  );
}
