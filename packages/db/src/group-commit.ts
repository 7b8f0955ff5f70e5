// Group commit: writes that arrive while a batch is being committed wait and go together in the next
// one, so a busy writer makes one round trip per batch instead of one per write. Each caller's promise
// settles with its batch.
interface Pending<T> {
  item: T;
  done: () => void;
  fail: (error: unknown) => void;
}

export class GroupCommit<T> {
  private queue: Pending<T>[] = [];
  private flushing = false;

  constructor(private readonly commit: (items: T[]) => Promise<void>) {}

  /** Resolves once the batch holding `item` is committed. */
  add(item: T): Promise<void> {
    return new Promise((done, fail) => {
      this.queue.push({ item, done, fail });
      if (!this.flushing) void this.flush();
    });
  }

  /** Resolves once everything added so far is committed (or failed). */
  async drain(): Promise<void> {
    while (this.flushing || this.queue.length) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queue.length) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.commit(batch.map((pending) => pending.item));
        for (const pending of batch) pending.done();
      } catch (error) {
        for (const pending of batch) pending.fail(error);
      }
    }
    this.flushing = false;
  }
}
