// Per-node live state (run status, validation problems) kept outside React Flow's node data, so a run
// event re-renders only the node it concerns, never the whole canvas.
import type { StepStatus } from "@switchyard/engine";
import { useSyncExternalStore } from "react";

export interface NodeRunState {
  status: "running" | StepStatus;
  latencyMs?: number;
  tokensIn?: number;
  tokensOut?: number;
  costUsd?: number;
  model?: string;
  /** The provider kind that served `model` (the run's own record, whatever the node says now). */
  provider?: string;
  error?: string;
  /** Why the node was skipped, or which branch it chose. */
  note?: string;
  /**
   * Sub-steps (an agent's tool calls, an ensemble's answers, a called bot's steps) in the order they
   * ran; `depth` is 1 for the node's own, more for steps of a bot called inside one.
   */
  subSteps?: {
    id: string;
    status: string;
    latencyMs: number | null;
    error: string | null;
    note?: string | null;
    depth?: number;
  }[];
  /** Items done of all, while a node works through a list (For each). */
  progress?: { done: number; total: number };
  input?: unknown;
  output?: unknown;
}

type Listener = () => void;

export class EditorStore {
  private runStates = new Map<string, NodeRunState>();
  private problems = new Map<string, string[]>();
  private listeners = new Set<Listener>();

  subscribe = (listener: Listener) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private notify() {
    for (const listener of this.listeners) listener();
  }

  /**
   * Whether a model of a node's provider has a price (list or the workspace's own); without one a
   * run's cost is unknown, not $0. Set by the editor from what the page knows.
   */
  priceKnown: (credentialId: unknown, model: string) => boolean = () => true;
  /** Where the badge's "price unknown" links to. */
  pricesHref = "";

  runState = (nodeId: string) => this.runStates.get(nodeId);
  nodeProblems = (nodeId: string) => this.problems.get(nodeId);

  setRunState(nodeId: string, state: NodeRunState) {
    this.runStates.set(nodeId, state);
    this.notify();
  }

  clearRunStates() {
    this.runStates = new Map();
    this.notify();
  }

  /** Replaces the problem lists, keeping the same array for nodes whose problems did not change. */
  setProblems(next: Map<string, string[]>) {
    const merged = new Map<string, string[]>();
    for (const [nodeId, list] of next) {
      const previous = this.problems.get(nodeId);
      merged.set(nodeId, previous && previous.join("\n") === list.join("\n") ? previous : list);
    }
    this.problems = merged;
    this.notify();
  }
}

export function useNodeRunState(store: EditorStore, nodeId: string) {
  return useSyncExternalStore(
    store.subscribe,
    () => store.runState(nodeId),
    () => undefined,
  );
}

export function useNodeProblems(store: EditorStore, nodeId: string) {
  return useSyncExternalStore(
    store.subscribe,
    () => store.nodeProblems(nodeId),
    () => undefined,
  );
}
