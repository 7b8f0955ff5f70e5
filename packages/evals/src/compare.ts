// Compares two sides (an eval run's variant each): per item, did the score go up, down or stay? Items
// are matched by their input, so two runs over different versions of a dataset still line up.
export interface CompareRow {
  input: string;
  score: number | null;
  passed: boolean;
  output: string | null;
}

export type Change = "improved" | "regressed" | "unchanged" | "only-before" | "only-after";

export interface ItemComparison {
  input: string;
  before: CompareRow | null;
  after: CompareRow | null;
  change: Change;
  delta: number | null;
}

export interface Comparison {
  items: ItemComparison[];
  counts: Record<Change, number>;
  meanBefore: number;
  meanAfter: number;
}

export function compareSides(before: CompareRow[], after: CompareRow[], tolerance = 1e-9): Comparison {
  const afterByInput = new Map(after.map((row) => [row.input, row]));
  const seen = new Set<string>();
  const items: ItemComparison[] = [];
  for (const row of before) {
    const other = afterByInput.get(row.input) ?? null;
    seen.add(row.input);
    items.push(compareOne(row.input, row, other, tolerance));
  }
  for (const row of after) if (!seen.has(row.input)) items.push(compareOne(row.input, null, row, tolerance));
  const counts: Record<Change, number> = { improved: 0, regressed: 0, unchanged: 0, "only-before": 0, "only-after": 0 };
  items.forEach((item) => counts[item.change]++);
  const mean = (rows: CompareRow[]) => (rows.length ? rows.reduce((sum, row) => sum + (row.score ?? 0), 0) / rows.length : 0);
  return { items, counts, meanBefore: mean(before), meanAfter: mean(after) };
}

function compareOne(input: string, before: CompareRow | null, after: CompareRow | null, tolerance: number): ItemComparison {
  if (!after) return { input, before, after, change: "only-before", delta: null };
  if (!before) return { input, before, after, change: "only-after", delta: null };
  const delta = (after.score ?? 0) - (before.score ?? 0);
  const change: Change =
    delta > tolerance || (!before.passed && after.passed)
      ? "improved"
      : delta < -tolerance || (before.passed && !after.passed)
        ? "regressed"
        : "unchanged";
  return { input, before, after, change, delta };
}
