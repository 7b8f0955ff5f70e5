"use client";
// One context store: upload documents, follow their ingestion live, and try a search the way the
// Retrieve node will run it.
import { AlertCircle, CheckCircle2, FileText, Loader2, RotateCcw, Search, Trash2, Upload } from "lucide-react";
import { describeSupportedExtensions, UPLOAD_ACCEPT } from "@switchyard/knowledge/formats";
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Input, Select } from "@/components/ui/input";
import { api } from "@/lib/api";
import { cn } from "@/lib/cn";
import { useApiAction } from "@/lib/use-api-action";
import type { GET as getStore } from "@/app/api/workspaces/[workspaceId]/stores/[storeId]/route";
import type { POST as searchStore } from "@/app/api/workspaces/[workspaceId]/stores/[storeId]/search/route";
import type { ResponseOf } from "@/server/route";

export interface StoreDocument {
  id: string;
  name: string;
  bytes: number;
  status: "PENDING" | "PROCESSING" | "READY" | "FAILED";
  error: string | null;
  progress: number;
  chunkCount: number;
}

interface SearchResult {
  chunkId: string;
  documentName: string;
  position: number;
  heading: string | null;
  content: string;
  score: number;
}

const POLL_MS = 1_000;

const size = (bytes: number) =>
  bytes < 1024 ? `${bytes} B` : bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;

async function uploadFile(url: string, file: File) {
  const form = new FormData();
  form.append("file", file);
  const response = await fetch(url, { method: "POST", body: form });
  if (!response.ok) {
    const data = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
    throw new Error(`${file.name}: ${data.error?.message ?? `upload failed (${response.status})`}`);
  }
}

function DocumentStatus({ document }: { document: StoreDocument }) {
  if (document.status === "READY")
    return (
      <span className="inline-flex items-center gap-1 text-xs font-medium text-emerald-700">
        <CheckCircle2 className="h-3.5 w-3.5" /> Ready · {document.chunkCount} {document.chunkCount === 1 ? "chunk" : "chunks"}
      </span>
    );
  if (document.status === "FAILED")
    return (
      <span className="inline-flex items-center gap-1 text-xs font-medium text-red-700">
        <AlertCircle className="h-3.5 w-3.5" /> Failed
      </span>
    );
  return (
    <div className="flex w-40 flex-col gap-1">
      <span className="inline-flex items-center gap-1 text-xs text-zinc-600">
        <Loader2 className="h-3.5 w-3.5 animate-spin" /> {document.status === "PENDING" ? "Queued" : `Processing ${document.progress}%`}
      </span>
      <div
        className="h-1.5 overflow-hidden rounded-full bg-zinc-100"
        role="progressbar"
        aria-valuenow={document.progress}
        aria-label={`${document.name} progress`}
      >
        <div className="h-full rounded-full bg-indigo-500 transition-all" style={{ width: `${Math.max(document.progress, 3)}%` }} />
      </div>
    </div>
  );
}

export function StoreDetail(props: {
  workspaceId: string;
  storeId: string;
  canEdit: boolean;
  hasEmbeddingModel: boolean;
  initialDocuments: StoreDocument[];
}) {
  const { workspaceId, storeId, canEdit, hasEmbeddingModel } = props;
  const base = `/api/workspaces/${workspaceId}/stores/${storeId}`;
  const [documents, setDocuments] = useState(props.initialDocuments);
  const { error, run } = useApiAction();
  const [uploading, setUploading] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [results, setResults] = useState<SearchResult[] | null>(null);
  const [searching, setSearching] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const refresh = useCallback(async () => {
    const { store } = await api<ResponseOf<typeof getStore>>(base);
    setDocuments(store.documents);
  }, [base]);

  const busy = documents.some((document) => document.status === "PENDING" || document.status === "PROCESSING");
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => void refresh().catch(() => undefined), POLL_MS);
    return () => clearInterval(timer);
  }, [busy, refresh]);

  async function act(action: () => Promise<void>) {
    await run(action);
  }

  const upload = (files: FileList | File[]) =>
    act(async () => {
      setUploading(true);
      try {
        const failures: string[] = [];
        for (const file of Array.from(files))
          await uploadFile(`${base}/documents`, file).catch((caught: Error) => failures.push(caught.message));
        await refresh();
        if (failures.length) throw new Error(failures.join(" · "));
      } finally {
        setUploading(false);
        if (fileInput.current) fileInput.current.value = "";
      }
    });

  const remove = (id: string) =>
    act(async () => {
      await api(`${base}/documents/${id}`, { method: "DELETE" });
      setDocuments((current) => current.filter((document) => document.id !== id));
    });

  const reingest = (id: string) =>
    act(async () => {
      await api(`${base}/documents/${id}/reingest`, { method: "POST" });
      await refresh();
    });

  const search = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    return act(async () => {
      setSearching(true);
      try {
        const { results } = await api<ResponseOf<typeof searchStore>>(`${base}/search`, {
          body: { query: form.get("query"), mode: form.get("mode"), topK: 5 },
        });
        setResults(results);
      } finally {
        setSearching(false);
      }
    });
  };

  return (
    <div className="flex flex-col gap-6">
      <FieldError message={error} />
      <Card>
        <CardHeader className="flex-row items-center justify-between">
          <div>
            <CardTitle>Documents</CardTitle>
            <p className="text-sm text-zinc-500">
              {describeSupportedExtensions()} up to 20 MB; each is parsed and chunked in the background.
            </p>
          </div>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          {canEdit && (
            <div
              onDragOver={(event) => {
                event.preventDefault();
                setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={(event) => {
                event.preventDefault();
                setDragging(false);
                void upload(event.dataTransfer.files);
              }}
              className={cn(
                "flex flex-col items-center gap-2 rounded-lg border-2 border-dashed px-6 py-6 text-center transition-colors",
                dragging ? "border-indigo-400 bg-indigo-50" : "border-zinc-200 bg-zinc-50/60",
              )}
            >
              <Upload className="h-6 w-6 text-zinc-400" />
              <p className="text-sm text-zinc-600">Drop files here, or</p>
              <Button type="button" variant="outline" size="sm" disabled={uploading} onClick={() => fileInput.current?.click()}>
                {uploading ? <Loader2 className="h-4 w-4 animate-spin" /> : <Upload className="h-4 w-4" />} Choose files
              </Button>
              <input
                ref={fileInput}
                type="file"
                multiple
                accept={UPLOAD_ACCEPT}
                className="hidden"
                aria-label="Upload documents"
                onChange={(event) => event.target.files && void upload(event.target.files)}
              />
            </div>
          )}
          {documents.length === 0 ? (
            <p className="py-4 text-center text-sm text-zinc-500">No documents yet.</p>
          ) : (
            <ul className="divide-y divide-zinc-100 rounded-lg border border-zinc-200" aria-label="Documents">
              {documents.map((document) => (
                <li key={document.id} className="flex items-center gap-3 px-4 py-3" aria-label={document.name}>
                  <FileText className="h-5 w-5 shrink-0 text-zinc-400" />
                  <div className="min-w-0 flex-1">
                    <p className="truncate text-sm font-medium text-zinc-900">{document.name}</p>
                    <p className="text-xs text-zinc-500">{size(document.bytes)}</p>
                    {document.error && <p className="mt-0.5 text-xs text-red-600">{document.error}</p>}
                  </div>
                  <DocumentStatus document={document} />
                  {canEdit && (
                    <div className="flex gap-1">
                      {document.status === "FAILED" && (
                        <Button
                          variant="ghost"
                          size="icon"
                          aria-label={`Retry ${document.name}`}
                          title="Retry"
                          onClick={() => void reingest(document.id)}
                        >
                          <RotateCcw className="h-4 w-4" />
                        </Button>
                      )}
                      <Button
                        variant="ghost"
                        size="icon"
                        aria-label={`Delete ${document.name}`}
                        title="Delete"
                        onClick={() => void remove(document.id)}
                      >
                        <Trash2 className="h-4 w-4 text-zinc-500" />
                      </Button>
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Try a search</CardTitle>
          <p className="text-sm text-zinc-500">
            What a Retrieve node connected to this store would find.{" "}
            {hasEmbeddingModel
              ? "Full-text and vector results are fused."
              : "Full-text only: choose an embedding model in Settings to add vector search."}
          </p>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <form onSubmit={search} className="flex gap-2">
            <div className="relative flex-1">
              <Search className="pointer-events-none absolute left-3 top-2.5 h-4 w-4 text-zinc-400" />
              <Input
                name="query"
                className="pl-9"
                placeholder="Ask something your documents answer"
                aria-label="Search query"
                required
                maxLength={2000}
              />
            </div>
            <Select name="mode" aria-label="Search mode" className="w-36" defaultValue="hybrid">
              <option value="hybrid">Hybrid</option>
              <option value="fulltext">Full-text</option>
              <option value="vector" disabled={!hasEmbeddingModel}>
                Vector
              </option>
            </Select>
            <Button type="submit" disabled={searching}>
              {searching && <Loader2 className="h-4 w-4 animate-spin" />} Search
            </Button>
          </form>
          {results && (
            <ol className="flex flex-col gap-3" aria-label="Search results">
              {results.length === 0 && <p className="text-sm text-zinc-500">Nothing matches.</p>}
              {results.map((result, index) => (
                <li key={result.chunkId} className="rounded-lg border border-zinc-200 p-3">
                  <p className="mb-1 flex items-center justify-between gap-2 text-xs text-zinc-500">
                    <span>
                      <span className="mr-1 rounded bg-indigo-50 px-1.5 py-0.5 font-mono font-medium text-indigo-700">[{index + 1}]</span>
                      <span className="font-medium text-zinc-700">{result.documentName}</span>
                      {result.heading && <> § {result.heading}</>} · part {result.position + 1}
                    </span>
                    <span className="font-mono">{result.score.toFixed(3)}</span>
                  </p>
                  <p className="line-clamp-4 whitespace-pre-wrap text-sm text-zinc-800">{result.content}</p>
                </li>
              ))}
            </ol>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
