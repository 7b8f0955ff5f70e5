// Work that may run while a check it depends on is still in flight (both go to Redis in the same
// round trip), and is undone when the check fails.

/** Resolves with `work`'s result once `check` has passed; if `check` fails, undoes the work and throws the check's error. */
export async function alongsideCheck<T>(check: Promise<void>, work: Promise<T>, undo: (done: T) => Promise<void>): Promise<T> {
  const [checked, worked] = await Promise.allSettled([check, work]);
  if (checked.status === "rejected") {
    if (worked.status === "fulfilled") await undo(worked.value);
    throw checked.reason;
  }
  if (worked.status === "rejected") throw worked.reason;
  return worked.value;
}
