// The few calls the CLI makes to a Switchyard server, authenticated with a workspace API key.
import type { VariantStats } from "@switchyard/evals";

export class ApiError extends Error {}

export type VariantSummary = Pick<VariantStats, "variantKey" | "label" | "items" | "errors" | "meanScore" | "passRate" | "totalCostUsd">;

export interface EvalRunView {
  id: string;
  name: string;
  status: string;
  completed: number;
  total: number;
  variants: { key: string; label: string }[];
  datasetVersion: { number: number; dataset: { id: string; name: string } };
  summary: { stats: VariantSummary[] };
  cache?: { variantKey: string; cachedCalls: number; savedUsd: number }[];
}

export interface ResultView {
  variantKey: string;
  scores: { score: number | null } | null;
  passed: boolean | null;
  error: string | null;
  datasetItem: { input: unknown };
}

export function createClient(baseUrl: string, workspaceId: string, apiKey: string) {
  const root = `${baseUrl.replace(/\/$/, "")}/api/workspaces/${encodeURIComponent(workspaceId)}`;
  async function call<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${root}${path}`, {
        method: init.method ?? "GET",
        headers: { authorization: `Bearer ${apiKey}`, ...(init.body !== undefined && { "content-type": "application/json" }) },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
    } catch (error) {
      throw new ApiError(`Could not reach ${baseUrl}: ${(error as Error).message}`);
    }
    const text = await response.text();
    let payload: { error?: { message?: string } } & Record<string, unknown> = {};
    try {
      payload = text ? JSON.parse(text) : {};
    } catch {
      // not JSON: reported below with the status
    }
    if (!response.ok) throw new ApiError(`${response.status} ${payload.error?.message ?? (text.slice(0, 200) || response.statusText)}`);
    return payload as T;
  }
  return {
    start: (body: object) =>
      call<{ evalRun: { id: string; total: number }; savedVersion: number | null }>("/eval-runs", { method: "POST", body }),
    get: async (evalRunId: string) => (await call<{ evalRun: EvalRunView }>(`/eval-runs/${encodeURIComponent(evalRunId)}`)).evalRun,
    results: async (evalRunId: string) =>
      (await call<{ results: ResultView[] }>(`/eval-runs/${encodeURIComponent(evalRunId)}/results`)).results,
  };
}
export type Client = ReturnType<typeof createClient>;
