"use client";
// Chat with the draft: replies stream in, every node shows its state live, and after the run each
// node's input, output and error can be inspected.
import type { RunEvent } from "@switchyard/engine";
import { RotateCcw, Send } from "lucide-react";
import { useContext, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Markdown } from "@/components/ui/markdown";
import { formatCost } from "@/lib/format";
import { EditorStoreContext } from "./flow-node";
import { streamRun, type ChatTurn } from "./run-client";
import { showRunTrace } from "./run-trace";

interface Props {
  runsUrl: string;
  /** Saves pending edits first, so the run uses what is on the canvas. */
  beforeRun: () => Promise<boolean>;
}

export function ChatPanel({ runsUrl, beforeRun }: Props) {
  const store = useContext(EditorStoreContext);
  const [turns, setTurns] = useState<ChatTurn[]>([]);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [summary, setSummary] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  async function send(message: string, history: ChatTurn[]) {
    if (!message.trim() || pending) return;
    setError(null);
    setSummary(null);
    setPending(true);
    if (!(await beforeRun())) {
      setPending(false);
      return;
    }
    store.clearRunStates();
    setTurns([...history, { role: "user", content: message }, { role: "assistant", content: "" }]);
    const appendToReply = (text: string) =>
      setTurns((current) => {
        const last = current.at(-1)!;
        return [...current.slice(0, -1), { ...last, content: last.content + text }];
      });
    const onEvent = (event: RunEvent) => {
      if (event.type === "node.started") store.setRunState(event.nodeId, { status: "running" });
      else if (event.type === "node.finished")
        store.setRunState(event.nodeId, {
          status: event.status,
          latencyMs: event.latencyMs,
          tokensIn: event.tokensIn,
          tokensOut: event.tokensOut,
          costUsd: event.costUsd,
          model: event.model,
          error: event.error,
          note: event.note,
        });
      else if (event.type === "token") appendToReply(event.text);
      else if (event.type === "run.finished") {
        if (event.status !== "SUCCEEDED") setError(event.error ?? "The run failed");
        setSummary(`${event.latencyMs} ms · ${event.tokensIn}→${event.tokensOut} tokens · ${formatCost(event.costUsd)}`);
        // a non-streaming model sends no tokens: the final reply is authoritative
        if (event.output !== null) setTurns((current) => [...current.slice(0, -1), { role: "assistant", content: event.output ?? "" }]);
      }
    };
    try {
      const runId = await streamRun(runsUrl, { message, history }, onEvent);
      if (runId) await showRunTrace(store, runId, { clear: false });
    } catch (caught) {
      setError((caught as Error).message);
      setTurns((current) => (current.at(-1)?.content === "" ? current.slice(0, -1) : current));
    } finally {
      setPending(false);
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const message = input.current?.value ?? "";
    if (input.current) input.current.value = "";
    void send(message, turns);
  }

  const lastUser = [...turns].reverse().find((turn) => turn.role === "user");

  return (
    <div className="flex min-h-0 flex-1 flex-col" aria-label="Chat">
      <div className="flex items-center justify-between border-b border-zinc-100 px-4 py-2">
        <span className="text-sm font-semibold">Test chat</span>
        <div className="flex gap-1">
          {lastUser && (
            <Button
              size="sm"
              variant="ghost"
              disabled={pending}
              onClick={() => {
                const index = turns.lastIndexOf(lastUser);
                void send(lastUser.content, turns.slice(0, index));
              }}
            >
              <RotateCcw className="h-3.5 w-3.5" /> Re-send
            </Button>
          )}
          {turns.length > 0 && (
            <Button size="sm" variant="ghost" disabled={pending} onClick={() => (setTurns([]), store.clearRunStates(), setSummary(null))}>
              Clear
            </Button>
          )}
        </div>
      </div>
      <div className="flex min-h-0 flex-1 flex-col gap-2 overflow-y-auto p-4" role="log" aria-live="polite">
        {!turns.length && (
          <p className="text-sm text-zinc-500">Send a message to run the draft. Node states and costs appear on the canvas.</p>
        )}
        {turns.map((turn, index) => (
          <div
            key={index}
            className={
              turn.role === "user"
                ? "ml-8 self-end rounded-lg bg-indigo-600 px-3 py-2 text-sm text-white"
                : "mr-8 self-start rounded-lg bg-zinc-100 px-3 py-2 text-sm"
            }
            data-role={turn.role}
          >
            {turn.role === "assistant" && turn.content ? (
              <Markdown text={turn.content} />
            ) : (
              turn.content || (pending && index === turns.length - 1 ? "…" : "")
            )}
          </div>
        ))}
        {summary && (
          <p className="text-center text-[11px] text-zinc-400" aria-label="Run summary">
            {summary}
          </p>
        )}
        {error && (
          <p role="alert" className="rounded-md bg-red-50 p-2 text-sm text-red-700">
            {error}
          </p>
        )}
      </div>
      <form onSubmit={onSubmit} className="flex gap-2 border-t border-zinc-100 p-3">
        <Input ref={input} placeholder="Message the bot" aria-label="Message" disabled={pending} />
        <Button type="submit" disabled={pending} aria-label="Send">
          <Send className="h-4 w-4" />
        </Button>
      </form>
    </div>
  );
}
