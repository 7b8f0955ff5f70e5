// Exports finished runs as spans, per workspace, off the run's path: a run hands its record over and
// returns; the spans are built on a later turn of the event loop and queued in a bounded batch
// processor whose exports go out in the background. A collector that is down or slow loses spans
// (counted, reported for Settings), never time from runs.
import { BatchSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import type { Tracer } from "@opentelemetry/api";
import type { RunRecord, SpanCounts, StepRow } from "@switchyard/db";
import { SWITCHYARD } from "./attributes";
import { createOtlpExporter } from "./otlp-exporter";
import { recordRunSpans, type RunLabels } from "./run-spans";
import { countingMeterProvider, type Tally } from "./span-counts";

/** A workspace's export settings as a worker needs them. */
export interface ExportConfig {
  endpoint: string;
  headers: Record<string, string>;
  includeContents: boolean;
  /** The workspace's allowed hosts: the collector is reached through the same guard as HTTP tools. */
  allowedHosts: readonly string[];
  /** Changes whenever the settings do. */
  version: string;
}

export interface RunExportOptions {
  /** The workspace's settings, or null when export is off (callers cache it: this is asked once per run). */
  config(workspaceId: string): Promise<ExportConfig | null>;
  /** Names for the trace (bot, version, deployment); cached by the caller. */
  labels?(run: RunRecord): Promise<RunLabels>;
  /** Receives what was exported and dropped per workspace since the last report. */
  report(counts: Map<string, SpanCounts>): Promise<void>;
  reportEveryMs?: number;
  /** Spans a workspace may have waiting; beyond it new spans are dropped. */
  maxQueueSize?: number;
  maxExportBatchSize?: number;
  scheduledDelayMillis?: number;
  exportTimeoutMillis?: number;
  /** Export requests in flight per workspace. */
  concurrencyLimit?: number;
  /** Longest attribute value (contents included); longer ones are cut. */
  attributeValueLengthLimit?: number;
  /** Workspaces with an exporter kept at once; the least recently used is flushed and closed. */
  maxWorkspaces?: number;
}

interface WorkspaceExporter {
  key: string;
  provider: TracerProvider;
  tracer: Tracer;
}

interface WorkspaceTally extends Tally {
  lastError?: { message: string; at: Date };
}

export function createRunExport(options: RunExportOptions) {
  const exporters = new Map<string, WorkspaceExporter>();
  const tallies = new Map<string, WorkspaceTally>();
  const maxWorkspaces = options.maxWorkspaces ?? 1_000;
  const recording = new Set<Promise<void>>();

  const tallyOf = (workspaceId: string) => {
    let tally = tallies.get(workspaceId);
    if (!tally) tallies.set(workspaceId, (tally = { exported: 0, dropped: 0 }));
    return tally;
  };

  function build(workspaceId: string, config: ExportConfig, key: string): WorkspaceExporter {
    const tally = tallyOf(workspaceId);
    const exporter = createOtlpExporter(
      config,
      { allowedHosts: config.allowedHosts },
      {
        timeoutMillis: options.exportTimeoutMillis ?? 10_000,
        concurrencyLimit: options.concurrencyLimit ?? 2,
        onError: (error) => (tally.lastError = { message: error.message, at: new Date() }),
      },
    );
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: "switchyard", [SWITCHYARD.workspaceId]: workspaceId }),
      spanLimits: { attributeValueLengthLimit: options.attributeValueLengthLimit ?? 16_384 },
      spanProcessors: [
        new BatchSpanProcessor({
          exporter,
          maxQueueSize: options.maxQueueSize ?? 2_048,
          // a request and a serialisation per 1,024 spans rather than per 512 (the SDK's default): fewer
          // per-request costs, while one batch still serialises in a few milliseconds of the worker's loop
          maxExportBatchSize: options.maxExportBatchSize ?? 1_024,
          scheduledDelayMillis: options.scheduledDelayMillis ?? 1_000,
          exportTimeoutMillis: options.exportTimeoutMillis ?? 10_000,
          selfObsMeterProvider: countingMeterProvider(tally),
        }),
      ],
    });
    return { key, provider, tracer: provider.getTracer("switchyard") };
  }

  /** The workspace's exporter, rebuilt when its settings or allowed hosts changed. */
  function exporterFor(workspaceId: string, config: ExportConfig): WorkspaceExporter {
    const key = `${config.version}\u0000${config.allowedHosts.join(" ")}`;
    let entry = exporters.get(workspaceId);
    if (entry?.key !== key) {
      if (entry) void entry.provider.shutdown().catch(() => undefined); // sends what it holds to the old endpoint
      entry = build(workspaceId, config, key);
    }
    exporters.delete(workspaceId); // re-inserted last: the map's order is least recently used first
    exporters.set(workspaceId, entry);
    if (exporters.size > maxWorkspaces) {
      const [oldest, old] = exporters.entries().next().value!;
      exporters.delete(oldest);
      void old.provider.shutdown().catch(() => undefined);
    }
    return entry;
  }

  async function record(run: RunRecord, steps: readonly StepRow[]) {
    const config = await options.config(run.workspaceId);
    if (!config) return;
    const labels = (await options.labels?.(run)) ?? {};
    recordRunSpans(exporterFor(run.workspaceId, config).tracer, run, steps, labels, { includeContents: config.includeContents });
  }

  async function report() {
    const counts = new Map<string, SpanCounts>();
    for (const [workspaceId, tally] of tallies) {
      if (!tally.exported && !tally.dropped && !tally.lastError) continue;
      counts.set(workspaceId, { exported: tally.exported, dropped: tally.dropped, ...(tally.lastError && { lastError: tally.lastError }) });
      tally.exported = tally.dropped = 0;
      tally.lastError = undefined;
    }
    if (!counts.size) return;
    try {
      await options.report(counts);
    } catch (error) {
      // kept for the next report
      for (const [workspaceId, count] of counts) {
        const tally = tallyOf(workspaceId);
        tally.exported += count.exported;
        tally.dropped += count.dropped;
        tally.lastError ??= count.lastError;
      }
      console.error("telemetry export: could not record span counts:", (error as Error).message);
    }
  }
  const reporting = setInterval(() => void report(), options.reportEveryMs ?? 10_000);
  reporting.unref();

  return {
    /** Hands a finished run over for export and returns at once; nothing here can fail or slow the run. */
    exportRun(run: RunRecord, steps: readonly StepRow[]): void {
      setImmediate(() => {
        const done = record(run, steps)
          .catch((error: unknown) => {
            tallyOf(run.workspaceId).lastError = { message: `The run could not be exported: ${(error as Error).message}`, at: new Date() };
          })
          .finally(() => recording.delete(done));
        recording.add(done);
      });
    },
    /** Sends what is queued (for tests and benchmarks) and reports the counts. */
    async flush(): Promise<void> {
      await new Promise(setImmediate);
      await Promise.all(recording);
      await Promise.all([...exporters.values()].map((entry) => entry.provider.forceFlush().catch(() => undefined)));
      await report();
    },
    /** Sends what is queued within the exporters' timeout, closes them and reports the counts. */
    async shutdown(): Promise<void> {
      clearInterval(reporting);
      await Promise.all([...exporters.values()].map((entry) => entry.provider.shutdown().catch(() => undefined)));
      exporters.clear();
      await report();
    },
  };
}

export type RunExport = ReturnType<typeof createRunExport>;
