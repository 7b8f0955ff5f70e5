// Turns an uploaded CSV or JSONL file into dataset rows: decode (UTF-8 only, said plainly when not),
// parse, then map columns to input / expected / metadata. Every problem is a sentence naming the line.
import Papa from "papaparse";
import { z } from "zod";

export const MAX_DATASET_ROWS = 10_000;

const turnSchema = z.object({
  role: z.enum(["user", "assistant"], { error: 'A message\'s role must be "user" or "assistant"' }),
  content: z.string({ error: "A message needs its text as content" }).max(100_000, "A message is longer than 100,000 characters"),
});
export type Turn = z.infer<typeof turnSchema>;

/** What makes a list of turns a conversation test case: alternating roles, the last from the user. */
function checkConversation(turns: Turn[], context: z.RefinementCtx, field: "messages" | "history") {
  turns.forEach((turn, index) => {
    if (index > 0 && turns[index - 1]!.role === turn.role)
      context.addIssue({
        code: "custom",
        path: [field, index, "role"],
        message: `message ${index + 1} is a second "${turn.role}" message in a row: turns must alternate between user and assistant`,
      });
  });
  if (field === "messages" && turns.length && turns.at(-1)!.role !== "user")
    context.addIssue({
      code: "custom",
      path: [field, turns.length - 1, "role"],
      message: "the last message must be from the user: it is the one the bot answers",
    });
  if (field === "history" && turns.at(-1)?.role === "user")
    context.addIssue({
      code: "custom",
      path: [field, turns.length - 1, "role"],
      message: "the history must end with the assistant: the input is the next user message",
    });
}

const turnsSchema = z
  .array(turnSchema, { error: "messages must be a list of { role, content } objects" })
  .max(200, "A conversation holds at most 200 messages");

/**
 * One dataset row. A conversation comes either as `messages` (earlier turns, then the user message the
 * bot answers: the JSONL form) or as `input` plus `history` (the stored form, sent back when a dataset
 * is edited); either way it is stored as the final message (input) and the earlier turns (history).
 */
export const datasetRowSchema = z
  .object({
    input: z.string().max(100_000, "An input is longer than 100,000 characters").optional(),
    messages: turnsSchema.min(1, "messages needs at least the final user message").optional(),
    history: turnsSchema.optional(),
    expected: z.string().max(100_000).nullable().default(null),
    /** The documents of a context store (by name or id) the answer should come from: what retrieval metrics check. */
    expectedSources: z
      .array(
        z.string({ error: "expectedSources must be a list of document names" }).trim().min(1, "An expected source is empty").max(500),
        {
          error: "expectedSources must be a list of document names",
        },
      )
      .max(50, "An item names at most 50 expected sources")
      .nullable()
      .default(null),
    metadata: z.record(z.string(), z.unknown()).nullable().default(null),
  })
  .superRefine((row, context) => {
    if (row.messages) checkConversation(row.messages, context, "messages");
    else if (row.input === undefined) context.addIssue({ code: "custom", path: ["input"], message: "Give an input or messages" });
    else if (row.history?.length) checkConversation(row.history, context, "history");
  })
  .transform(({ input, messages, history, expectedSources, ...row }) => {
    const turns = messages ? messages.slice(0, -1) : (history ?? []);
    const final = messages ? messages.at(-1)!.content : (input ?? "");
    // rows that name no source stay as they were before sources existed
    const sources = expectedSources?.length ? { expectedSources } : {};
    return turns.length ? { ...row, ...sources, input: final, history: turns } : { ...row, ...sources, input: final };
  });
export type DatasetRow = z.output<typeof datasetRowSchema>;

export const columnMappingSchema = z.object({
  input: z.string().min(1, "Choose the column that holds the input"),
  expected: z.string().optional(),
  /** The column listing each row's expected source documents (a JSON list, or names separated by ";"). */
  expectedSources: z.string().optional(),
  metadata: z.array(z.string()).default([]),
});
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

export type ImportFormat = "csv" | "jsonl";

export type ParsedTable =
  | { ok: true; columns: string[]; records: Record<string, unknown>[]; /** JSONL: each record's line in the file */ lines?: number[] }
  | { ok: false; error: string };
export type ImportResult = { ok: true; rows: DatasetRow[] } | { ok: false; error: string };

export function formatFromName(fileName: string): ImportFormat | null {
  const extension = fileName.toLowerCase().split(".").pop();
  if (extension === "csv") return "csv";
  if (extension === "jsonl" || extension === "ndjson") return "jsonl";
  return null;
}

/** Bytes to text; anything that is not valid UTF-8 is refused rather than silently mangled. */
export function decodeText(bytes: Uint8Array): { ok: true; text: string } | { ok: false; error: string } {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return { ok: true, text: text.replace(/^\uFEFF/, "") };
  } catch {
    return {
      ok: false,
      error: "The file is not UTF-8 text (it may be saved as Latin-1 or UTF-16); save it as UTF-8 and import it again",
    };
  }
}

export function parseTable(text: string, format: ImportFormat): ParsedTable {
  if (!text.trim()) return { ok: false, error: "The file is empty" };
  return format === "csv" ? parseCsv(text) : parseJsonl(text);
}

function parseCsv(text: string): ParsedTable {
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: "greedy" });
  // a broken quote swallows the rest of the file, so report it rather than the field counts it causes
  const problem =
    parsed.errors.find((error) => error.code === "MissingQuotes") ?? parsed.errors.find((error) => error.type !== "Delimiter");
  if (problem) {
    // rows are counted after the header; papaparse gives a character index for quote errors
    const row =
      problem.index !== undefined
        ? text.slice(0, problem.index).split("\n").length - 1
        : problem.row === undefined
          ? null
          : problem.row + 1;
    return { ok: false, error: `The CSV could not be read${row === null ? "" : ` on row ${row}`}: ${csvProblem(problem)}` };
  }
  const columns = (parsed.meta.fields ?? []).filter((field) => field !== "");
  if (!columns.length) return { ok: false, error: "The CSV has no header row naming its columns" };
  const duplicate = columns.find((column, index) => columns.indexOf(column) !== index);
  if (duplicate) return { ok: false, error: `The CSV names the column "${duplicate}" twice` };
  if (parsed.data.length > MAX_DATASET_ROWS) return { ok: false, error: `A dataset holds at most ${MAX_DATASET_ROWS} rows` };
  return { ok: true, columns, records: parsed.data };
}

function csvProblem(error: Papa.ParseError): string {
  if (error.code === "MissingQuotes") return "a quoted value is never closed";
  if (error.code === "TooManyFields") return "it has more values than the header has columns";
  if (error.code === "TooFewFields") return "it has fewer values than the header has columns";
  return error.message;
}

function parseJsonl(text: string): ParsedTable {
  const records: Record<string, unknown>[] = [];
  const recordLines: number[] = [];
  const columns = new Set<string>();
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return { ok: false, error: `Line ${index + 1} is not valid JSON` };
    }
    if (!value || typeof value !== "object" || Array.isArray(value))
      return { ok: false, error: `Line ${index + 1} is not a JSON object (each line must be one object such as {"input": "…"})` };
    records.push(value as Record<string, unknown>);
    recordLines.push(index + 1);
    Object.keys(value).forEach((key) => columns.add(key));
    if (records.length > MAX_DATASET_ROWS) return { ok: false, error: `A dataset holds at most ${MAX_DATASET_ROWS} rows` };
  }
  return { ok: true, columns: [...columns], records, lines: recordLines };
}

/** A guess the import preview starts from: the usual column names, else the first column. */
export function guessMapping(columns: string[]): ColumnMapping {
  const find = (names: string[]) => columns.find((column) => names.includes(column.toLowerCase()));
  const input = find(["input", "question", "prompt", "message", "messages"]) ?? columns[0] ?? "";
  const expected = find(["expected", "answer", "output", "ideal", "target"]);
  const expectedSources = find(["expectedsources", "expected_sources", "sources", "source"]);
  return {
    input,
    expected,
    expectedSources,
    metadata: columns.filter((column) => column !== input && column !== expected && column !== expectedSources),
  };
}

/** A JSONL list as it is; a CSV cell as a JSON list or names separated by ";"; empty means none. */
function sourceList(value: unknown): unknown {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string") return value;
  const text = value.trim();
  if (text.startsWith("[")) {
    try {
      return JSON.parse(text);
    } catch {
      return value; // not a list: the schema says so
    }
  }
  const names = text
    .split(";")
    .map((name) => name.trim())
    .filter(Boolean);
  return names.length ? names : null;
}

const asText = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

export function mapRows(table: Extract<ParsedTable, { ok: true }>, mapping: ColumnMapping): ImportResult {
  for (const column of [mapping.input, mapping.expected, mapping.expectedSources, ...mapping.metadata])
    if (column !== undefined && !table.columns.includes(column))
      return { ok: false, error: `The file has no column "${column}"; its columns are ${table.columns.join(", ")}` };
  const rows: DatasetRow[] = [];
  for (const [index, record] of table.records.entries()) {
    const where = table.lines ? `Line ${table.lines[index]}` : `Row ${index + 1}`;
    const input = record[mapping.input];
    if (input === undefined || input === null || asText(input).trim() === "")
      return { ok: false, error: `${where} has no value in the input column "${mapping.input}"` };
    const expected = mapping.expected ? record[mapping.expected] : undefined;
    const metadata = mapping.metadata.length
      ? Object.fromEntries(mapping.metadata.map((column) => [column, record[column] ?? null]))
      : null;
    // a JSON list in the input column is a conversation (the `messages` field of a JSONL line)
    const conversation = Array.isArray(input) || mapping.input === "messages";
    const row = datasetRowSchema.safeParse({
      ...(conversation ? { messages: input } : { input: asText(input) }),
      expected: expected == null ? null : asText(expected),
      expectedSources: mapping.expectedSources ? sourceList(record[mapping.expectedSources]) : null,
      metadata,
    });
    if (!row.success) {
      const issue = row.error.issues[0]!;
      const field =
        issue.path[0] === "messages"
          ? mapping.input
          : issue.path[0] === "expectedSources"
            ? mapping.expectedSources!
            : String(issue.path[0] ?? mapping.input);
      return { ok: false, error: `${where}, field "${field}": ${issue.message}` };
    }
    rows.push(row.data);
  }
  if (!rows.length) return { ok: false, error: "The file has a header but no rows" };
  return { ok: true, rows };
}

/** The whole import in one call: bytes, format and mapping in; rows or one readable error out. */
export function importDataset(bytes: Uint8Array, format: ImportFormat, mapping: ColumnMapping): ImportResult {
  const decoded = decodeText(bytes);
  if (!decoded.ok) return decoded;
  const table = parseTable(decoded.text, format);
  if (!table.ok) return table;
  return mapRows(table, mapping);
}
