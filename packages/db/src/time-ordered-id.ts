// UUIDs of version 7 (RFC 9562): the first 48 bits are the Unix time in milliseconds, the rest random.
// Rows keyed by them are inserted at the right edge of their b-tree index, into pages just written,
// where a random UUID lands on any leaf of the whole index: a page to find, dirty and, after each
// checkpoint, log in full. They sort by creation time only to the millisecond, which nothing relies on.
import { randomFillSync } from "node:crypto";

const random = Buffer.alloc(16 * 256);
let offset = random.length;

export function timeOrderedUuid(now = Date.now()): string {
  if (offset === random.length) {
    randomFillSync(random);
    offset = 0;
  }
  const bytes = random.subarray(offset, (offset += 16));
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
