import { describe, expect, it } from "vitest";
import { decideRoute, loadRouter } from "./artifact";
import { defaultFeatureSpec, denseWeight, extractFeatures, extractRows, standardiseDense, type SparseVector } from "./features";
import { learnRouter } from "./learn";

/** A short fingerprint of a vector: its length, a checksum of its slots and a weighted sum of its values. */
function fingerprint(x: SparseVector) {
  let slots = 0;
  let values = 0;
  x.idx.forEach((slot, k) => {
    slots = (slots * 31 + slot) % 1_000_000_007;
    values += x.val[k]! * ((k % 7) + 1);
  });
  return [x.idx.length, slots, Number(values.toFixed(9))];
}

const longRequest = `${"Our refund policy covers 30 days. ".repeat(150)}Can I return the blue kettle (order #4471)?`;

describe("character n-gram window", () => {
  it("extracts exactly what routers trained before the window was added were trained on", () => {
    // fingerprints taken with the extraction as it was before the character window (commit b92c118)
    const older = { ...defaultFeatureSpec, charWindow: undefined };
    expect(fingerprint(extractFeatures(older, "What is 12 + 30?"))).toEqual([62, 864012706, 45.225319311]);
    expect(fingerprint(extractFeatures(older, longRequest))).toEqual([302, 134910187, 111.3905312]);
    expect(fingerprint(extractFeatures(older, "Ünïcødé İstanbul 𝟏𝟐 naïve café — déjà vu?"))).toEqual([156, 847317234, 70.956884019]);
  });

  it("counts character n-grams on the head and tail of a long request only, words on all of it", () => {
    expect(extractFeatures(defaultFeatureSpec, "What is 12 + 30?")).toEqual(
      extractFeatures({ ...defaultFeatureSpec, charWindow: undefined }, "What is 12 + 30?"),
    );
    const middle = (word: string) => `${"x".repeat(1_000)} ${word} ${"y".repeat(1_500)}`;
    const differing = (spec: typeof defaultFeatureSpec) => {
      const [a, b] = [extractFeatures(spec, middle("zebra")), extractFeatures(spec, middle("quokka"))];
      return [...a.idx].filter((slot) => !b.idx.includes(slot)).length;
    };
    // the middle word's character n-grams are not read; its word features are
    expect(differing(defaultFeatureSpec)).toBeGreaterThan(0);
    expect(differing(defaultFeatureSpec)).toBeLessThanOrEqual(3);
    expect(differing({ ...defaultFeatureSpec, charWindow: undefined })).toBeGreaterThan(10);
  });

  it("serves an older artifact without the window as it was trained", () => {
    const routes = [
      { key: "strong", label: "big" },
      { key: "cheap", label: "small" },
    ];
    const items = Array.from({ length: 40 }, (_, i) => ({
      text: `${i % 2 ? "hard" : "easy"} question ${i} ${"about the context ".repeat(i * 10)}`,
      outcomes: [
        { passed: 1, costUsd: 0.01 },
        { passed: i % 2 ? 0 : 1, costUsd: 0.001 },
      ],
    }));
    const { artifact } = learnRouter(routes, items, { features: { charWindow: undefined } });
    expect(artifact.features.charWindow).toBeUndefined();
    // stored as JSON, the artifact has no window at all, as artifacts from before it have not
    const stored = JSON.parse(JSON.stringify(artifact));
    expect("charWindow" in stored.features).toBe(false);
    const router = loadRouter(stored);
    expect(router.spec.charWindow).toBeUndefined();
    expect(decideRoute(router, longRequest)).toEqual(decideRoute(loadRouter(artifact), longRequest));
  });

  it("packs a training set's vectors into shared buffers without changing them", () => {
    const texts = ["What is 12 + 30?", longRequest, "", "Tell me a joke"];
    const rows = extractRows(defaultFeatureSpec, texts);
    rows.forEach((row, i) => {
      expect([...row.idx]).toEqual([...extractFeatures(defaultFeatureSpec, texts[i]!).idx]);
      expect([...row.val]).toEqual([...extractFeatures(defaultFeatureSpec, texts[i]!).val]);
    });
    expect(rows[0]!.idx.buffer).toBe(rows[1]!.idx.buffer);
  });
});

describe("the dense signals on a small training set", () => {
  it("count in proportion to the set's size up to 100 items, and in full from there (stored with the scale)", () => {
    expect([30, 40, 60, 100, 2_000].map(denseWeight)).toEqual([0.3, 0.4, 0.6, 1, 1]);
    const texts = (count: number) => Array.from({ length: count }, (_, i) => `${"word ".repeat(1 + (i % 9))}${i}`);
    const scaled = (count: number) => {
      const spec = { ...defaultFeatureSpec };
      const xs = extractRows(spec, texts(count));
      return { scale: standardiseDense(spec, xs), spec, xs };
    };
    expect(scaled(200).scale.weight).toBeUndefined(); // a full weight is not stored: artifacts as before
    const { scale, spec, xs } = scaled(40);
    expect(scale.weight).toBe(0.4);
    // serving reads a request exactly as training did
    expect(extractFeatures({ ...spec, denseScale: scale }, texts(40)[7]!)).toEqual({ idx: xs[7]!.idx, val: Float64Array.from(xs[7]!.val) });
  });
});
