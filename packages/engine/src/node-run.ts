// What a node's execute() is given. A class rather than an object literal: the parts made only when a
// node reads them (its signal, the sub-step recorder, the subflow runner…) are getters on the
// prototype, whereas getters written in a literal cost V8 a map of their own for every object made,
// about a microsecond and 200 bytes each, on every node of every run.
import type { CompiledNode } from "./compile";
import { withDeadline, type Deadline } from "./deadline";
import type { ExecuteOptions, StepRecord } from "./execute";
import type { NodeContext, SubStep } from "./node-definition";
import type { ApprovalAnswer, PauseRequest } from "./pause";
import type { RunEvent } from "./run-events";
import { subflowRunner, type SubflowParent } from "./subflow";

/** Made once per run: what every node's context reaches back into. */
export interface RunScope {
  options: ExecuteOptions;
  run: NodeContext<unknown>["run"];
  emit: (event: RunEvent) => void;
  record: (step: StepRecord) => void;
  /** The run's signal (aborted when the run is cancelled or a node fails). */
  signal: AbortSignal;
  timeoutMs: number;
  timeoutError: () => Error;
  /** `known`: how many steps were recorded when the node started. */
  subStepRecorder: (node: CompiledNode, known: number) => (sub: SubStep) => string;
  waitFor: (node: CompiledNode) => (pause: PauseRequest) => ApprovalAnswer;
  onceApproved: (node: CompiledNode) => NonNullable<NodeContext<unknown>["onceApproved"]>;
}

export class NodeRun implements NodeContext<unknown> {
  readonly nodeId: string;
  readonly config: unknown;
  readonly run: RunScope["run"];
  readonly services: ExecuteOptions["services"];
  readonly emit: RunScope["emit"];
  /**
   * The node's own signal (the run's, plus the node's timeout), made when the node first asks for it:
   * most nodes never do, and an abort controller, a timer and a listener each would cost more than
   * the node. Null while nobody asked.
   */
  deadline: Deadline | null = null;
  private recorder: ((sub: SubStep) => string) | undefined;
  private asker: ((pause: PauseRequest) => ApprovalAnswer) | undefined;
  private subflows: ReturnType<typeof subflowRunner> | undefined;
  private reporter: ((done: number, total: number) => void) | undefined;

  constructor(
    private readonly scope: RunScope,
    private readonly node: CompiledNode,
    readonly inputs: Record<string, unknown>,
    readonly startedAt: number,
    private readonly stepsBefore: number,
    readonly savedState: unknown,
  ) {
    this.nodeId = node.id;
    this.config = node.config;
    this.run = scope.run;
    this.services = scope.options.services;
    this.emit = scope.emit;
  }

  get signal(): AbortSignal {
    return (this.deadline ??= withDeadline(
      this.scope.signal,
      Math.max(0, this.startedAt + this.scope.timeoutMs - Date.now()),
      this.scope.timeoutError,
    )).signal;
  }

  get recordStep() {
    return (this.recorder ??= this.scope.subStepRecorder(this.node, this.stepsBefore));
  }

  get waitFor() {
    return (this.asker ??= this.scope.waitFor(this.node));
  }

  get onceApproved() {
    return this.scope.onceApproved(this.node);
  }

  get runSubflow() {
    return (this.subflows ??= subflowRunner(new SubflowParentOf(this, this.scope)));
  }

  get progress() {
    return (this.reporter ??= (done: number, total: number) => this.emit({ type: "node.progress", nodeId: this.nodeId, done, total }));
  }
}

/** A node as the parent of the flows it runs: its signal is read when a flow starts. */
class SubflowParentOf implements SubflowParent {
  readonly nodeId: string;
  readonly options: ExecuteOptions;
  readonly emit: RunScope["emit"];
  readonly record: RunScope["record"];
  readonly spentUsd: () => number;

  constructor(
    private readonly node: NodeRun,
    scope: RunScope,
  ) {
    this.nodeId = node.nodeId;
    this.options = scope.options;
    this.emit = scope.emit;
    this.record = scope.record;
    this.spentUsd = scope.run.spentUsd;
  }

  get signal() {
    return this.node.signal;
  }
}
