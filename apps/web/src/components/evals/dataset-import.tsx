"use client";
// Import a CSV or JSONL file as a new dataset: parse in the browser with the same code the server
// trusts, let the user map columns with a preview, then send the rows.
import {
  columnMappingSchema,
  decodeText,
  formatFromName,
  guessMapping,
  mapRows,
  parseTable,
  type ColumnMapping,
  type ParsedTable,
} from "@switchyard/evals";
import { Upload } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Input, Label, Select } from "@/components/ui/input";
import { api } from "@/lib/api";
import { useApiAction } from "@/lib/use-api-action";
import type { POST as createDataset } from "@/app/api/workspaces/[workspaceId]/datasets/route";
import type { ResponseOf } from "@/server/route";

type Table = Extract<ParsedTable, { ok: true }>;

export function DatasetImport({ workspaceId, onCancel }: { workspaceId: string; onCancel: () => void }) {
  const router = useRouter();
  const [name, setName] = useState("");
  // the name follows the chosen file until the user types one
  const [nameTyped, setNameTyped] = useState(false);
  const [table, setTable] = useState<Table | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping | null>(null);
  const { error, setError, pending: saving, run } = useApiAction();

  async function readFile(file: File) {
    setError(null);
    setTable(null);
    const format = formatFromName(file.name);
    if (!format) return setError(`"${file.name}" is not a .csv or .jsonl file`);
    const decoded = decodeText(new Uint8Array(await file.arrayBuffer()));
    if (!decoded.ok) return setError(decoded.error);
    const parsed = parseTable(decoded.text, format);
    if (!parsed.ok) return setError(parsed.error);
    setTable(parsed);
    setMapping(guessMapping(parsed.columns));
    if (!nameTyped) setName(file.name.replace(/\.(csv|jsonl|ndjson)$/i, ""));
  }

  const mapped = table && mapping ? mapRows(table, mapping) : null;

  async function save() {
    if (!mapped?.ok) return;
    await run(
      () => api<ResponseOf<typeof createDataset>>(`/api/workspaces/${workspaceId}/datasets`, { body: { name, rows: mapped.rows } }),
      ({ dataset }) => router.push(`/w/${workspaceId}/evals/datasets/${dataset.id}`),
    );
  }

  const columnSelect = (label: string, value: string | undefined, onChange: (value: string | undefined) => void, optional = false) => (
    <div className="flex flex-col gap-1">
      <Label>{label}</Label>
      <Select aria-label={`${label} column`} value={value ?? ""} onChange={(event) => onChange(event.target.value || undefined)}>
        {optional && <option value="">(none)</option>}
        {table!.columns.map((column) => (
          <option key={column} value={column}>
            {column}
          </option>
        ))}
      </Select>
    </div>
  );

  return (
    <Card>
      <CardHeader>
        <CardTitle>Import a dataset</CardTitle>
        <p className="text-sm text-zinc-600">
          A CSV file with a header row, or JSONL with one JSON object per line. UTF-8, up to 10,000 rows.
        </p>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <div className="flex flex-wrap items-end gap-4">
          <div className="flex min-w-64 flex-1 flex-col gap-1">
            <Label htmlFor="dataset-name">Name</Label>
            <Input
              id="dataset-name"
              value={name}
              onChange={(event) => {
                setName(event.target.value);
                setNameTyped(true);
              }}
              placeholder="Support questions"
              maxLength={200}
            />
          </div>
          <label className="inline-flex h-9 cursor-pointer items-center gap-2 rounded-md border border-zinc-300 bg-white px-4 text-sm font-medium hover:bg-zinc-50">
            <Upload className="h-4 w-4" /> Choose file
            <input
              type="file"
              accept=".csv,.jsonl,.ndjson"
              className="sr-only"
              aria-label="Dataset file"
              onChange={(event) => event.target.files?.[0] && void readFile(event.target.files[0])}
            />
          </label>
        </div>
        <FieldError message={error} />
        {table && mapping && (
          <>
            <div className="grid grid-cols-1 gap-4 sm:grid-cols-4">
              {columnSelect("Input", mapping.input, (input) => setMapping({ ...mapping, input: input ?? "" }))}
              {columnSelect("Expected", mapping.expected, (expected) => setMapping({ ...mapping, expected }), true)}
              {columnSelect(
                "Expected sources",
                mapping.expectedSources,
                (expectedSources) =>
                  setMapping({
                    ...mapping,
                    expectedSources,
                    metadata: mapping.metadata.filter((column) => column !== expectedSources),
                  }),
                true,
              )}
              <div className="flex flex-col gap-1">
                <Label>Metadata</Label>
                <div className="flex flex-wrap gap-2 pt-1 text-sm">
                  {table.columns
                    .filter((column) => column !== mapping.input && column !== mapping.expected && column !== mapping.expectedSources)
                    .map((column) => (
                      <label key={column} className="inline-flex items-center gap-1">
                        <input
                          type="checkbox"
                          checked={mapping.metadata.includes(column)}
                          onChange={(event) =>
                            setMapping(
                              columnMappingSchema.parse({
                                ...mapping,
                                metadata: event.target.checked
                                  ? [...mapping.metadata, column]
                                  : mapping.metadata.filter((name) => name !== column),
                              }),
                            )
                          }
                        />
                        {column}
                      </label>
                    ))}
                </div>
              </div>
            </div>
            {mapped && !mapped.ok && <FieldError message={mapped.error} />}
            {mapped?.ok && (
              <div className="overflow-hidden rounded-lg border border-zinc-200">
                <div className="bg-zinc-50 px-3 py-2 text-xs font-medium text-zinc-600">
                  Preview: {Math.min(5, mapped.rows.length)} of {mapped.rows.length} rows
                </div>
                <table className="w-full text-sm" aria-label="Import preview">
                  <thead className="text-left text-xs uppercase text-zinc-500">
                    <tr>
                      <th className="px-3 py-2">Input</th>
                      <th className="px-3 py-2">Expected</th>
                      {mapping.expectedSources && <th className="px-3 py-2">Expected sources</th>}
                      <th className="px-3 py-2">Metadata</th>
                    </tr>
                  </thead>
                  <tbody>
                    {mapped.rows.slice(0, 5).map((row, index) => (
                      <tr key={index} className="border-t border-zinc-100 align-top">
                        <td className="max-w-md truncate px-3 py-2">
                          {"history" in row ? <span className="mr-1 text-xs text-zinc-500">after {row.history.length} turns:</span> : null}
                          {row.input}
                        </td>
                        <td className="max-w-xs truncate px-3 py-2 text-zinc-700">{row.expected ?? "—"}</td>
                        {mapping.expectedSources && (
                          <td className="max-w-xs truncate px-3 py-2 text-zinc-700">{row.expectedSources?.join(", ") ?? "—"}</td>
                        )}
                        <td className="max-w-xs truncate px-3 py-2 font-mono text-xs text-zinc-500">
                          {row.metadata ? JSON.stringify(row.metadata) : "—"}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
          <Button onClick={() => void save()} disabled={!mapped?.ok || !name.trim() || saving}>
            {saving ? "Importing…" : mapped?.ok ? `Import ${mapped.rows.length} rows` : "Import"}
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}
