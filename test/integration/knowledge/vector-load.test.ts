// A store's vectors load from PostgreSQL's binary format into one Float32Array: the floats come back
// exactly as stored (real is 4 bytes on both sides), each beside its id, at a real embedding size, across
// several cursor pages, and only those of the dimension asked for.
import { addDocument, createStore, readStoreVectors, replaceChunks, type ChunkInput } from "@switchyard/db";
import { describe, expect, it } from "vitest";
import { db, newUser } from "../support";

const DIMENSIONS = 1_536;

function unitVector(seed: number, dimensions: number): number[] {
  const values = Array.from({ length: dimensions }, (_, index) => Math.sin(seed * 7.31 + index * 0.17) - 0.5 * Math.cos(index * seed));
  const length = Math.hypot(...values);
  return values.map((value) => value / length);
}

describe("loading a store's vectors", () => {
  it("returns every vector of the dimension asked for, float for float, over several pages", async () => {
    const { workspace } = await newUser("vectors");
    const store = await createStore(db(), workspace.id, { name: "Vectors", chunkSize: 150, chunkOverlap: 20 });
    const document = await addDocument(db(), workspace.id, store.id, {
      name: "many.txt",
      mimeType: "text/plain",
      content: new TextEncoder().encode("x"),
    });
    const rows = 2_500; // more than two pages of the cursor
    const chunks: ChunkInput[] = Array.from({ length: rows + 3 }, (_, position) => ({
      position,
      content: `chunk ${position}`,
      tokenCount: 2,
      heading: null,
      // three chunks embedded by another model, of another size: left out
      embedding: unitVector(position + 1, position < rows ? DIMENSIONS : 64),
    }));
    await replaceChunks(db(), store.id, document.id, chunks);

    const { ids, matrix } = await readStoreVectors(db(), store.id, DIMENSIONS);
    expect(ids).toHaveLength(rows);
    expect(matrix).toHaveLength(rows * DIMENSIONS);
    expect(new Set(ids).size).toBe(rows);

    const positions = await db().chunk.findMany({ where: { storeId: store.id }, select: { id: true, position: true } });
    const positionOf = new Map(positions.map((chunk) => [chunk.id, chunk.position]));
    for (const at of [0, 1_023, 1_024, 2_047, 2_048, rows - 1]) {
      const expected = Float32Array.from(unitVector(positionOf.get(ids[at]!)! + 1, DIMENSIONS));
      expect(matrix.subarray(at * DIMENSIONS, (at + 1) * DIMENSIONS)).toEqual(expected);
    }
  });

  it("returns nothing for a store without vectors of that size", async () => {
    const { workspace } = await newUser("vectors");
    const store = await createStore(db(), workspace.id, { name: "Empty", chunkSize: 150, chunkOverlap: 20 });
    expect(await readStoreVectors(db(), store.id, DIMENSIONS)).toEqual({ ids: [], matrix: new Float32Array(0) });
  });
});
