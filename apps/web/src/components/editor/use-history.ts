"use client";
// Undo/redo over whole-graph snapshots. Edits are grouped: a snapshot is taken once the graph has
// been still for a moment, so dragging a node is one step, not a hundred.
import type { FlowGraph } from "@switchyard/engine";
import { useCallback, useEffect, useRef } from "react";

const LIMIT = 100;
const SETTLE_MS = 300;

export function useHistory(serialized: string, apply: (graph: FlowGraph) => void) {
  const past = useRef<string[]>([serialized]);
  const future = useRef<string[]>([]);
  const applying = useRef<string | null>(null);

  useEffect(() => {
    if (applying.current === serialized) return;
    const timer = setTimeout(() => {
      if (past.current.at(-1) === serialized) return;
      past.current.push(serialized);
      if (past.current.length > LIMIT) past.current.shift();
      future.current = [];
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [serialized]);

  const restore = useCallback(
    (snapshot: string) => {
      applying.current = snapshot;
      apply(JSON.parse(snapshot) as FlowGraph);
    },
    [apply],
  );

  const undo = useCallback(() => {
    if (past.current.length < 2) return;
    future.current.push(past.current.pop()!);
    restore(past.current.at(-1)!);
  }, [restore]);

  const redo = useCallback(() => {
    const next = future.current.pop();
    if (!next) return;
    past.current.push(next);
    restore(next);
  }, [restore]);

  return { undo, redo };
}
