// Which item × variant pairs an eval run still has to execute: all of them at the start, the ones
// without a result after a stop or crash. Results are unique per pair, so re-running one is harmless.
export interface EvalPair {
  datasetItemId: string;
  variantKey: string;
}

export const pairKey = (pair: EvalPair) => `${pair.datasetItemId}/${pair.variantKey}`;

export function planPairs(itemIds: string[], variantKeys: string[], done: EvalPair[] = []): EvalPair[] {
  const finished = new Set(done.map(pairKey));
  // item-major order: the first results cover every variant, so early progress is already comparable
  return itemIds.flatMap((datasetItemId) =>
    variantKeys.map((variantKey) => ({ datasetItemId, variantKey })).filter((pair) => !finished.has(pairKey(pair))),
  );
}
