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
  const controller = new AbortController();
  let expired = false;
  const onParentAbort = () => controller.abort(parent.reason);
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(reason());
  }, timeoutMs);
  if (parent.aborted) onParentAbort();
  else parent.addEventListener("abort", onParentAbort, { once: true });
  return {
    signal: controller.signal,
    get expired() {
      return expired;
    },
    dispose() {
      clearTimeout(timer);
      parent.removeEventListener("abort", onParentAbort);
    },
  };
}
