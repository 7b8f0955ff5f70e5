import { describe, expect, it } from "vitest";
import { GroupCommit } from "./group-commit";

/** A commit function whose batches finish only when the test says so. */
function controlledCommits() {
  const batches: { items: number[]; finish: (error?: Error) => void }[] = [];
  const commit = (items: number[]) =>
    new Promise<void>((resolve, reject) => batches.push({ items, finish: (error) => (error ? reject(error) : resolve()) }));
  return { batches, commit };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("GroupCommit", () => {
  it("with one batch in flight, gathers what arrives meanwhile into the next", async () => {
    const { batches, commit } = controlledCommits();
    const group = new GroupCommit(commit);
    const first = group.add(1);
    const rest = [group.add(2), group.add(3)];
    await turn();
    expect(batches.map((batch) => batch.items)).toEqual([[1]]);
    batches[0]!.finish();
    await first;
    await turn();
    expect(batches.map((batch) => batch.items)).toEqual([[1], [2, 3]]);
    batches[1]!.finish();
    await Promise.all(rest);
  });

  it("with two in flight, starts a second batch while the first commits, and no third", async () => {
    const { batches, commit } = controlledCommits();
    const group = new GroupCommit(commit, 2);
    const settled: number[] = [];
    const adds = [1, 2, 3, 4].map((item) => group.add(item).then(() => settled.push(item)));
    await turn();
    // 1 went at once, 2 found a free lane, 3 and 4 wait for whichever lane finishes first
    expect(batches.map((batch) => batch.items)).toEqual([[1], [2]]);
    batches[1]!.finish();
    await turn();
    expect(settled).toEqual([2]);
    expect(batches.map((batch) => batch.items)).toEqual([[1], [2], [3, 4]]);
    batches[0]!.finish();
    batches[2]!.finish();
    await Promise.all(adds);
    expect(settled.sort()).toEqual([1, 2, 3, 4]);
  });

  it("fails only the callers of the batch that failed; drain waits for every lane", async () => {
    const { batches, commit } = controlledCommits();
    const group = new GroupCommit(commit, 2);
    const first = group.add(1);
    const second = group.add(2);
    await turn();
    batches[0]!.finish(new Error("lost"));
    await expect(first).rejects.toThrow("lost");
    let drained = false;
    const drain = group.drain().then(() => (drained = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(drained).toBe(false);
    batches[1]!.finish();
    await second;
    await drain;
    expect(drained).toBe(true);
  });

  it("with a linger, a small batch waits for more before it goes; a full one goes at once", async () => {
    const { batches, commit } = controlledCommits();
    const group = new GroupCommit(commit, 1, { ms: 30, batch: 3 });
    const adds = [group.add(1)];
    await turn();
    expect(batches).toEqual([]);
    adds.push(group.add(2));
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(batches.map((batch) => batch.items)).toEqual([[1, 2]]);
    adds.push(group.add(3), group.add(4), group.add(5));
    batches[0]!.finish();
    await turn();
    await turn();
    // three waited while the first batch committed: a full batch, sent without lingering
    expect(batches.map((batch) => batch.items)).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
    batches[1]!.finish();
    await Promise.all(adds);
    await group.drain();
  });
});
