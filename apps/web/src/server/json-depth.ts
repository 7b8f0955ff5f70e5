// How deeply a parsed JSON value nests. JSON.parse accepts any depth, but JSON.stringify,
// structuredClone, Prisma and zod recurse, so a body nested thousands of levels deep would fail
// there with a stack overflow (a 500); it is refused at the door instead. Iterative, so measuring
// it cannot overflow.

/** Far deeper than any flow, dataset row or schema needs, far shallower than a stack overflow. */
export const MAX_JSON_DEPTH = 64;

/** True when the value nests objects and arrays more than `limit` levels deep. */
export function nestsDeeperThan(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length) {
    const [current, depth] = pending.pop()!;
    if (typeof current !== "object" || current === null) continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) pending.push([child, depth + 1]);
  }
  return false;
}
