"use client";
// Chat with the draft: replies stream in, every node shows its state live, and after the run each
// node's input, output and error can be inspected. A failed run's error sits under the message that
// caused it; Re-send keeps the earlier answer above the new one, for comparison.
import type { RunEvent } from "@switchyard/engine";
import { RotateCcw, Send } from "lucide-react";
import { useContext, useEffect, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Markdown } from "@/components/ui/markdown";
import { cn } from "@/lib/cn";
import { formatCost } from "@/lib/format";
import { EditorStoreContext } from "./flow-node";
import { streamRun, type ChatTurn } from "./run-client";
import { showRunTrace } from "./run-trace";

interface Props {
  runsUrl: string;
  /** Saves pending edits first, so the run uses what is on the canvas. */
  beforeRun: () => Promise<boolean>;
  /** Whether the model a node ran on has a price: without one the run's cost is unknown, not $0. */
  priceKnown: (nodeId: string, model: string) => boolean;
  /** Where "price unknown" links to. */
  pricesHref: string;
}

/** The line under a finished run; `unpriced` are the models it called that have no price. */
interface RunSummary {
  text: string;
  costUsd: number;
  unpriced: string[];
}

/** A turn as the panel shows it: a reply may be an earlier answer that was re-sent, a message may have failed. */
interface ShownTurn extends ChatTurn {
  /** Replaced by a re-sent answer: shown for comparison, left out of the conversation's history. */
  earlier?: boolean;
  /** Why the run this message started failed. */
  error?: string;
}

// the conversation the bot sees: no earlier answers, no error notes
const historyOf = (turns: ShownTurn[]): ChatTurn[] =>
  turns.filter((turn) => !turn.earlier && turn.content).map(({ role, content }) => ({ role, content }));

// getRandomValues works on plain-http deployments too, where randomUUID does not exist
const newSessionId = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");

export function ChatPanel({ runsUrl, beforeRun, priceKnown, pricesHref }: Props) {
  const store = useContext(EditorStoreContext);
  const [turns, setTurns] = useState<ShownTurn[]>([]);
  // one test conversation is one session, so Memory nodes remember it; Clear starts a new one
  const [sessionId, setSessionId] = useState(newSessionId);
  const [pending, setPending] = useState(false);
  const failed = useRef<HTMLParagraphElement>(null);
  const [summary, setSummary] = useState<RunSummary | null>(null);
  const input = useRef<HTMLInputElement>(null);

  /** Runs `message` after `before`; `earlier` are the answers it got before, kept on screen. */
  async function send(message: string, before: ShownTurn[], earlier: ShownTurn[] = []) {
    if (!message.trim() || pending) return;
    setSummary(null);
    setPending(true);
    if (!(await beforeRun())) {
      setPending(false);
      return;
    }
    store.clearRunStates();
    const history = historyOf(before);
    const asked: ShownTurn = { role: "user", content: message };
    setTurns([...before, asked, ...earlier.map((turn) => ({ ...turn, earlier: true })), { role: "assistant", content: "" }]);
    const fail = (error: string) =>
      setTurns((current) => {
        // the error goes under the message that caused it; an empty reply placeholder goes away
        const kept = current.at(-1)?.content === "" ? current.slice(0, -1) : current;
        return kept.map((turn) => (turn === asked ? { ...turn, error } : turn));
      });
    const appendToReply = (text: string) =>
      setTurns((current) => {
        const last = current.at(-1)!;
        return [...current.slice(0, -1), { ...last, content: last.content + text }];
      });
    const unpriced = new Set<string>();
    const onEvent = (event: RunEvent) => {
      if (event.type === "node.finished" && event.model && !event.costUsd && !priceKnown(event.nodeId, event.model))
        unpriced.add(event.model);
      // steps inside a node (tool calls, a called bot's steps) have no node of their own on the canvas
      if ((event.type === "node.started" || event.type === "node.finished") && event.parentId) return;
      if (event.type === "node.started") store.setRunState(event.nodeId, { status: "running" });
      else if (event.type === "node.progress")
        store.setRunState(event.nodeId, { status: "running", progress: { done: event.done, total: event.total } });
      else if (event.type === "node.finished") {
        store.setRunState(event.nodeId, {
          status: event.status,
          latencyMs: event.latencyMs,
          tokensIn: event.tokensIn,
          tokensOut: event.tokensOut,
          costUsd: event.costUsd,
          model: event.model,
          provider: event.provider,
          error: event.error,
          note: event.note,
        });
      } else if (event.type === "token") appendToReply(event.text);
      else if (event.type === "node.waiting") store.setRunState(event.nodeId, { status: "running", note: "Waiting for approval" });
      else if (event.type === "run.waiting")
        appendToReply(`_Waiting for approval (${event.approvals.length}): answer it in Approvals; the run continues here._\n\n`);
      else if (event.type === "run.finished") {
        if (event.status !== "SUCCEEDED") fail(event.error ?? "The run failed");
        setSummary({
          text: `${event.latencyMs} ms · ${event.tokensIn}→${event.tokensOut} tokens · `,
          costUsd: event.costUsd,
          unpriced: [...unpriced],
        });
        // a non-streaming model sends no tokens: the final reply is authoritative
        if (event.output !== null) setTurns((current) => [...current.slice(0, -1), { role: "assistant", content: event.output ?? "" }]);
      }
    };
    try {
      const runId = await streamRun(runsUrl, { message, history, sessionId }, onEvent);
      if (runId) await showRunTrace(store, runId, { clear: false });
    } catch (caught) {
      fail((caught as Error).message);
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

  const lastUser = turns.findLast((turn) => turn.role === "user");
  const failedCount = turns.filter((turn) => turn.error).length;
  // a new error scrolls into view, next to its message
  useEffect(() => {
    failed.current?.scrollIntoView({ block: "nearest" });
  }, [failedCount]);

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
                const answers = turns.slice(index + 1).filter((turn) => turn.role === "assistant" && turn.content);
                void send(lastUser.content, turns.slice(0, index), answers);
              }}
            >
              <RotateCcw className="h-3.5 w-3.5" /> Re-send
            </Button>
          )}
          {turns.length > 0 && (
            <Button
              size="sm"
              variant="ghost"
              disabled={pending}
              onClick={() => (setTurns([]), store.clearRunStates(), setSummary(null), setSessionId(newSessionId()))}
            >
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
          <div key={index} className={turn.role === "user" ? "ml-8 flex flex-col items-end gap-1" : "mr-8 flex flex-col items-start"}>
            {turn.earlier && <span className="text-[11px] text-zinc-400">Earlier answer</span>}
            {turn.role === "assistant" && index > 0 && turns[index - 1]!.earlier && (
              <span className="text-[11px] text-zinc-400">Re-sent</span>
            )}
            <div
              className={
                turn.role === "user"
                  ? "rounded-lg bg-indigo-600 px-3 py-2 text-sm text-white"
                  : cn("rounded-lg bg-zinc-100 px-3 py-2 text-sm", turn.earlier && "opacity-70")
              }
              data-role={turn.role}
              data-earlier={turn.earlier ? "true" : undefined}
            >
              {turn.role === "assistant" && turn.content ? (
                <Markdown text={turn.content} />
              ) : (
                turn.content || (pending && index === turns.length - 1 ? "…" : "")
              )}
            </div>
            {turn.error && (
              <p
                role="alert"
                ref={turns.findLastIndex((candidate) => candidate.error) === index ? failed : undefined}
                className="rounded-md bg-red-50 p-2 text-left text-sm text-red-700"
              >
                {turn.error}
              </p>
            )}
          </div>
        ))}
        {summary && (
          <p className="text-center text-[11px] text-zinc-400" aria-label="Run summary">
            {summary.text}
            {summary.unpriced.length ? (
              <>
                {summary.costUsd > 0 && `${formatCost(summary.costUsd)} + `}
                <a className="text-amber-700 underline" href={pricesHref} title={`No price is set for ${summary.unpriced.join(", ")}`}>
                  price unknown
                </a>
              </>
            ) : (
              formatCost(summary.costUsd)
            )}
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
