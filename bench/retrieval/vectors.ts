// The in-process vector paths at embedding-model sizes (100,000 chunks × 1,536 dimensions): the exact
// scan and the approximate one (Hamming pass on binary codes, exact re-scoring of the nearest rows),
// on synthetic clustered unit vectors (seeded), since no embedding model is reachable here.
import { indexVectors, searchVectors, topByDotProduct } from "@switchyard/knowledge";
import { clusteredVectors } from "../../test/fixtures/clustered-vectors";
import { round, summarize } from "../support/stats";

export function measureVectorPaths({
  rows,
  dimensions,
  exactQueries = 60,
  approximateQueries = 300,
  k = 10,
}: {
  rows: number;
  dimensions: number;
  exactQueries?: number;
  approximateQueries?: number;
  k?: number;
}) {
  const { matrix, query } = clusteredVectors(rows, dimensions, 1_000, 11);
  const ids = Array.from({ length: rows }, (_, row) => `c${row}`);
  const buildStarted = performance.now();
  const vectors = indexVectors(1, ids, dimensions, matrix);
  const buildMs = performance.now() - buildStarted;
  if (!vectors.codes) throw new Error("expected the approximate path at this size");
  const queries = Array.from({ length: approximateQueries }, query);

  const exactMs: number[] = [];
  const truth: Set<string>[] = [];
  for (const vector of queries.slice(0, exactQueries)) {
    const started = performance.now();
    const top = topByDotProduct(vectors, Float32Array.from(vector), k);
    exactMs.push(performance.now() - started);
    truth.push(new Set(top.map((hit) => hit.id)));
  }
  const approximateMs: number[] = [];
  let found = 0;
  queries.forEach((vector, index) => {
    const started = performance.now();
    const top = searchVectors(vectors, vector, k);
    approximateMs.push(performance.now() - started);
    if (index < exactQueries) found += top.filter((hit) => truth[index]!.has(hit.id)).length;
  });
  const megabytes = (bytes: number) => round(bytes / 2 ** 20, 1);
  const floatBytes = matrix.byteLength;
  const codeBytes = vectors.codes.codes.byteLength + vectors.codes.mean.byteLength;
  return {
    chunks: rows,
    dimensions,
    data: "synthetic: unit vectors around 1,000 random cluster centres (mulberry32 seed 11), queries drawn the same way",
    k,
    exact: { latencyMs: summarize(exactMs), memoryMbPer100kChunks: megabytes((floatBytes * 100_000) / rows) },
    approximate: {
      method: "binary codes (1 bit per dimension, mean-thresholded), Hamming pass, exact re-scoring of the nearest 1,000",
      latencyMs: summarize(approximateMs),
      recallAt10VsExact: round(found / (exactQueries * k), 4),
      recallQueries: exactQueries,
      buildMs: round(buildMs, 0),
      memoryMbPer100kChunks: megabytes(((floatBytes + codeBytes) * 100_000) / rows),
      codesMbPer100kChunks: megabytes((codeBytes * 100_000) / rows),
    },
  };
}
