// Reading a config schema's structure and metadata: shared by field labels and the references check,
// so both see through the same wrappers (optional, default, pipe…).
import { z } from "zod";

export type Schema = z.core.$ZodType;
// the parts of a schema's definition the walks need; which are present depends on `type`
export type Definition = {
  type: string;
  innerType?: Schema;
  in?: Schema;
  shape?: Record<string, Schema>;
  element?: Schema;
  valueType?: Schema;
};

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "nonoptional", "catch", "readonly", "pipe"]);

/** The schema a wrapper (optional, default, a pipe's input…) holds; undefined for anything else. */
export function unwrap(schema: Schema): Schema | undefined {
  const definition = schema._zod.def as Definition;
  if (!WRAPPERS.has(definition.type)) return undefined;
  return definition.type === "pipe" ? definition.in : definition.innerType;
}

/** The definition under every wrapper. */
export function stripped(schema: Schema): Definition {
  let at = schema;
  for (let inner = unwrap(at); inner; inner = unwrap(at)) at = inner;
  return at._zod.def as Definition;
}

/** A `.meta()` entry, which may sit on the field itself or on the schema inside `.optional()` / `.default()`. */
export function metaOf(schema: Schema | undefined, key: string): unknown {
  for (let at = schema; at; at = unwrap(at)) {
    const value = z.globalRegistry.get(at)?.[key];
    if (value !== undefined) return value;
  }
  return undefined;
}
