// A child abort signal that follows its parent and fires on its own after a timeout. Written out by
// hand because AbortSignal.any + AbortSignal.timeout cost about a millisecond per use on Node 20,
// which on the run path is more than all the orchestration around it.
export interface Deadline {
  signal: AbortSignal;
  /** True when the deadline fired (as opposed to the parent aborting). */
  readonly expired: boolean;
  /** Stops the timer and detaches from the parent; call when the guarded work is done. */
  dispose(): void;
}

export function withDeadline(parent: AbortSignal, timeoutMs: number, reason: () => Error): Deadline {
  return new ChildDeadline(parent, timeoutMs, reason);
}

// a class, not an object literal with a getter, which V8 would give a map of its own every time
class ChildDeadline implements Deadline {
  expired = false;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly onParentAbort: () => void;

  constructor(
    private readonly parent: AbortSignal,
    timeoutMs: number,
    reason: () => Error,
  ) {
    this.onParentAbort = () => this.controller.abort(parent.reason);
    this.timer = setTimeout(() => {
      this.expired = true;
      this.controller.abort(reason());
    }, timeoutMs);
    if (parent.aborted) this.onParentAbort();
    else parent.addEventListener("abort", this.onParentAbort, { once: true });
  }

  get signal() {
    return this.controller.signal;
  }

  dispose() {
    clearTimeout(this.timer);
    this.parent.removeEventListener("abort", this.onParentAbort);
  }
}
