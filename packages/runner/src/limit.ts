// An in-process limit on concurrent work, first come first served: a finished task hands its place
// straight to the longest waiter.
export type Limit = <T>(task: () => Promise<T>) => Promise<T>;

export function createLimit(size: number): Limit {
  let active = 0;
  const waiting: (() => void)[] = [];
  const next = () => {
    const start = waiting.shift();
    if (start) start();
    else active--;
  };
  return async (task) => {
    if (active < size) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      next();
    }
  };
}
