// Group commit: writes that arrive while a batch is being committed wait and go together in the next
// one, so a busy writer makes one round trip per batch instead of one per write. Each caller's promise
// settles with its batch. With `inFlight` above 1, that many batches may be committing at once (only
// for writes whose order does not matter): the next batch is on its way to the database while the
// process is busy with the answer to the last, instead of the database idling meanwhile.
//
// With `linger`, a batch smaller than `linger.batch` waits up to `linger.ms` for more before it goes:
// for writes nobody waits on to go on (an eval pair's trace and result, a cached answer), where each
// statement costs the process a round trip's CPU whatever it carries, and small batches were the rule.
interface Pending<T> {
  item: T;
  done: () => void;
  fail: (error: unknown) => void;
}

export class GroupCommit<T> {
  private queue: Pending<T>[] = [];
  private committing = 0;

  constructor(
    private readonly commit: (items: T[]) => Promise<void>,
    private readonly inFlight = 1,
    private readonly linger?: { ms: number; batch: number },
  ) {}

  /** Resolves once the batch holding `item` is committed. */
  add(item: T): Promise<void> {
    return new Promise((done, fail) => {
      this.queue.push({ item, done, fail });
      if (this.committing < this.inFlight) void this.flush();
    });
  }

  /** Resolves once everything added so far is committed (or failed). */
  async drain(): Promise<void> {
    while (this.committing || this.queue.length) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private async flush(): Promise<void> {
    this.committing++;
    while (this.queue.length) {
      if (this.linger && this.queue.length < this.linger.batch) await new Promise((resolve) => setTimeout(resolve, this.linger!.ms));
      if (!this.queue.length) break; // another lane took them meanwhile
      const batch = this.queue;
      this.queue = [];
      try {
        await this.commit(batch.map((pending) => pending.item));
        for (const pending of batch) pending.done();
      } catch (error) {
        for (const pending of batch) pending.fail(error);
      }
    }
    this.committing--;
  }
}
