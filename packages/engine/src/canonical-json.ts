// JSON with object keys sorted at every level and undefined members left out: equal values, equal
// text. Used where a value is a key (the eval response cache, recognising a flow seen before).
// Written with loops rather than entries/filter/map/join: it runs for every model call of an eval,
// cached or not, and the intermediate arrays were most of its cost. The text is the same as before.
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    let text = "[";
    for (let index = 0; index < value.length; index++) {
      if (index > 0) text += ",";
      // a hole stays empty, as Array.prototype.join writes it
      if (!(index in value)) continue;
      const item: unknown = value[index];
      text += item === undefined ? "null" : canonicalJson(item);
    }
    return `${text}]`;
  }
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    // the default order compares UTF-16 code units, as `<` on strings does
    const names = Object.keys(record).sort();
    let text = "{";
    for (const name of names) {
      const member = record[name];
      if (member === undefined) continue;
      if (text.length > 1) text += ",";
      text += `${JSON.stringify(name)}:${canonicalJson(member)}`;
    }
    return `${text}}`;
  }
  return JSON.stringify(value) ?? "null";
}
