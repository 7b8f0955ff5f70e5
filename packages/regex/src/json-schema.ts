// JSON Schema → zod with the schema's own regular expressions (`pattern`, `patternProperties`) on the
// linear-time engine. zod's converter compiles them with `new RegExp` internally and offers no hook,
// so for the duration of that synchronous call `RegExp` answers those exact sources with linear
// regexes and everything else (zod's own format regexes) with ordinary ones.
import { z } from "zod";
import { compilePattern, PatternError } from "./pattern";

/**
 * Every regular expression the schema holds, with where it sits. It looks everywhere (a property may
 * be named "default"), so a string under a data keyword named "pattern" is checked too: harmless.
 * Iterative, because schemas may nest deeply.
 */
function patternsOf(schema: unknown): { pattern: string; at: string }[] {
  const found: { pattern: string; at: string }[] = [];
  const stack: { value: unknown; at: string }[] = [{ value: schema, at: "" }];
  while (stack.length) {
    const { value, at } = stack.pop()!;
    if (typeof value !== "object" || value === null) continue;
    for (const [key, child] of Object.entries(value)) {
      const path = Array.isArray(value) ? `${at}[${key}]` : at ? `${at}.${key}` : key;
      if (!Array.isArray(value) && key === "pattern" && typeof child === "string") found.push({ pattern: child, at: path });
      else if (!Array.isArray(value) && key === "patternProperties" && typeof child === "object" && child !== null) {
        for (const name of Object.keys(child)) found.push({ pattern: name, at: path });
        stack.push(...Object.entries(child).map(([name, sub]) => ({ value: sub, at: `${path}.${name}` })));
      } else stack.push({ value: child, at: path });
    }
  }
  return found;
}

/** z.fromJSONSchema whose pattern checks match in linear time; throws PatternError naming the keyword's path. */
export function fromJsonSchema(schema: Record<string, unknown>): z.ZodType {
  const sources = new Set<string>();
  for (const { pattern, at } of patternsOf(schema)) {
    try {
      compilePattern(pattern);
    } catch (error) {
      throw new PatternError(`${at}: ${(error as Error).message}`);
    }
    sources.add(pattern);
  }
  if (!sources.size) return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  const NativeRegExp = globalThis.RegExp;
  function LinearWhereUserWritten(source: string | RegExp, flags?: string) {
    return typeof source === "string" && sources.has(source) && !flags ? compilePattern(source) : new NativeRegExp(source, flags);
  }
  LinearWhereUserWritten.prototype = NativeRegExp.prototype;
  globalThis.RegExp = LinearWhereUserWritten as unknown as RegExpConstructor;
  try {
    return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  } finally {
    globalThis.RegExp = NativeRegExp;
  }
}
