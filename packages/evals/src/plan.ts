// Which item × variant × repeat cells an eval run still has to execute: all of them at the start, the
// ones without a result after a stop or crash. Results are unique per cell, so re-running one is harmless.
export interface EvalPair {
  datasetItemId: string;
  variantKey: string;
  /** 0-based; absent means 0 (runs without repeats, and jobs queued before repeats existed). */
  repeat?: number;
}

export const pairKey = (pair: EvalPair) => `${pair.datasetItemId}/${pair.variantKey}/${pair.repeat ?? 0}`;

export function planPairs(itemIds: string[], variantKeys: string[], done: EvalPair[] = [], repeats = 1): EvalPair[] {
  const finished = new Set(done.map(pairKey));
  // item-major, then repeat: the first results cover every variant, so early progress is already comparable
  return itemIds.flatMap((datasetItemId) =>
    Array.from({ length: repeats }, (_, repeat) =>
      variantKeys.map((variantKey) => ({ datasetItemId, variantKey, repeat })).filter((pair) => !finished.has(pairKey(pair))),
    ).flat(),
  );
}
