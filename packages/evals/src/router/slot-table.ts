// The scratch table feature extraction counts a text's hashed n-gram slots in.

/**
 * Scratch space reused by every extraction: an open-addressing table of the current text's slots, each
 * with its running sum and the last group that counted it. Sized to the text (at most a few hundred
 * kilobytes), it stays in cache, where stamps over all 2^18 slots missed it on every n-gram; a Map and
 * a Set per text cost about 12 ms on a 4,000-character request.
 */
export class SlotTable {
  private keys = new Int32Array(0);
  private sums = new Float64Array(0);
  private lastGroup = new Int32Array(0);
  private entries = new Int32Array(0);
  private groupEntries = new Int32Array(0);
  private spare = new Int32Array(0);
  private counts = new Int32Array(0);
  private mask = 0;
  private groupId = 0;
  private groupCount = 0;
  /** Distinct slots of the current text, in the order first seen. */
  count = 0;

  reset(maxSlots: number) {
    let size = 16;
    while (size < 2 * maxSlots) size *= 2;
    if (this.keys.length < size) {
      this.keys = new Int32Array(size);
      this.sums = new Float64Array(size);
      this.lastGroup = new Int32Array(size);
      this.entries = new Int32Array(size);
      this.groupEntries = new Int32Array(size);
    }
    this.keys.fill(-1, 0, size);
    this.mask = size - 1;
    this.count = 0;
    this.groupId = 0;
  }

  startGroup() {
    this.groupId++;
    this.groupCount = 0;
  }

  add(slot: number) {
    const keys = this.keys;
    let p = (Math.imul(slot, 0x9e3779b1) >>> 0) & this.mask;
    let key = keys[p]!;
    while (key !== slot && key !== -1) {
      p = (p + 1) & this.mask;
      key = keys[p]!;
    }
    if (key === -1) {
      keys[p] = slot;
      this.sums[p] = 0;
      this.lastGroup[p] = 0;
      this.entries[this.count++] = p;
    }
    if (this.lastGroup[p] === this.groupId) return;
    this.lastGroup[p] = this.groupId;
    this.groupEntries[this.groupCount++] = p;
  }

  /** Adds the group's distinct slots as presence features scaled to unit length. */
  flushGroup() {
    const norm = 1 / Math.sqrt(this.groupCount || 1);
    for (let k = 0; k < this.groupCount; k++) this.sums[this.groupEntries[k]!]! += norm;
  }

  /**
   * Writes the text's slots in ascending order, and their sums, to the start of `idx` and `val`: a
   * two-pass radix sort of the entries by slot (a comparison sort of a few thousand slots was a third of
   * the extraction).
   */
  writeSorted(hashBits: number, idx: Int32Array, val: Float64Array) {
    const n = this.count;
    const digitBits = Math.ceil(hashBits / 2);
    const digitMask = (1 << digitBits) - 1;
    if (this.counts.length !== digitMask + 2) this.counts = new Int32Array(digitMask + 2);
    const counts = this.counts;
    if (this.spare.length < this.entries.length) this.spare = new Int32Array(this.entries.length);
    let from = this.entries;
    let to = this.spare;
    for (let shift = 0; shift <= digitBits; shift += digitBits) {
      counts.fill(0);
      for (let k = 0; k < n; k++) counts[((this.keys[from[k]!]! >>> shift) & digitMask) + 1]!++;
      for (let d = 1; d < counts.length; d++) counts[d]! += counts[d - 1]!;
      for (let k = 0; k < n; k++) to[counts[(this.keys[from[k]!]! >>> shift) & digitMask]!++] = from[k]!;
      const swap = from;
      from = to;
      to = swap;
    }
    for (let k = 0; k < n; k++) {
      idx[k] = this.keys[from[k]!]!;
      val[k] = this.sums[from[k]!]!;
    }
  }
}
