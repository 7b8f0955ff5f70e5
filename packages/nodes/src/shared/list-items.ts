// Turns a For each node's input into its items: a JSON array as it is, text holding a JSON array
// parsed, other text split into lines or records (blocks separated by blank lines). Anything else is
// not a list, said in words.
export type SplitMode = "auto" | "json" | "lines" | "records";

const parseArray = (text: string): unknown[] | undefined => {
  const trimmed = text.trim();
  if (!trimmed.startsWith("[")) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
};

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

const records = (text: string) =>
  text
    .split(/\r?\n\s*\r?\n/)
    .map((block) => block.trim())
    .filter(Boolean);

/** The items, or a sentence saying why the value is not a list. */
export function listItems(value: unknown, mode: SplitMode): { items: unknown[] } | { error: string } {
  if (Array.isArray(value)) return { items: value };
  if (typeof value !== "string")
    return { error: `expects a list (a JSON array, or text to split into lines), but received ${value === null ? "null" : typeof value}` };
  if (mode === "lines") return { items: lines(value) };
  if (mode === "records") return { items: records(value) };
  const array = parseArray(value);
  if (array) return { items: array };
  if (mode === "json") return { error: "expects a JSON array, but the text is not one" };
  return { items: lines(value) };
}
