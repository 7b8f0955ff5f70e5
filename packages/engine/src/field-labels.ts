// Field and option labels for people, read from the config schemas' zod metadata (`.meta({ title })`,
// `optionLabels`), so the editor's form and the problems compileFlow reports name a field with the same words.
import type { OptionLabels } from "./config-fields";
import { metaOf, stripped, type Definition, type Schema } from "./schema-walk";

// a title may sit on the field itself or on the schema inside `.optional()` / `.default()`
const titleOf = (schema: Schema | undefined) => metaOf(schema, "title") as string | undefined;

/** "maxTokens" → "Max tokens", "exact_match" → "Exact match"; acronyms ("GET", "JSON") keep their case. */
function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .split(/\s+/)
    .map((word) => (/^[A-Z0-9]{2,}$/.test(word) ? word : word.toLowerCase()))
    .join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The label of a config field: its schema's title, or its key made readable. */
export const fieldLabel = (key: string, title?: string) => title ?? humanize(key);

/** The label of one value of a choice field: its `optionLabels` entry, or the value made readable. */
export const optionLabel = (property: Partial<OptionLabels>, value: string) => property.optionLabels?.[value] ?? humanize(value);

/**
 * A config path in labels: ["routes", 0, "credentialId"] → "Routes #1 › Provider". Parts of the schema
 * the walk does not know (unions) fall back to readable keys.
 */
export function configPathLabel(schema: Schema, path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  let at: Schema | undefined = schema;
  for (const key of path) {
    const container: Definition | undefined = at && stripped(at);
    if (container?.type === "array") at = container.element;
    else if (container?.type === "record") at = container.valueType;
    else at = container?.shape?.[String(key)];
    if (typeof key === "number") parts.push(`${parts.pop() ?? ""} #${key + 1}`.trim());
    else if (container?.type === "record") parts.push(`"${String(key)}"`);
    else parts.push(fieldLabel(String(key), titleOf(at)));
  }
  return parts.join(" › ");
}
