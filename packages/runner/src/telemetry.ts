// Wires OpenTelemetry export into a worker: each workspace's settings (headers decrypted here) and
// allowed hosts, the names a trace shows, and the span counts written back for Settings.
import {
  addTelemetryExportCounts,
  readAllowedHosts,
  readRunLabels,
  readTelemetryExportTarget,
  type Db,
  type RunRecord,
} from "@switchyard/db";
import { createRunExport, type ExportConfig, type RunExportOptions, type RunLabels } from "@switchyard/otel";
import { ExpiringCache } from "./expiring-cache";

export interface TelemetryOptions {
  db: Db;
  masterSecret: string;
  /** How long a workspace's settings are reused; a change reaches the worker's exporter after at most this. */
  settingsTtlMs?: number;
  exporter?: Omit<RunExportOptions, "config" | "labels" | "report">;
}

export function createTelemetry(options: TelemetryOptions) {
  const ttl = options.settingsTtlMs ?? 5_000;
  const configs = new ExpiringCache<ExportConfig | null>(5_000, ttl);
  const labels = new ExpiringCache<RunLabels>(5_000, 60_000);
  return createRunExport({
    ...options.exporter,
    config: (workspaceId) =>
      configs.getOrLoad(workspaceId, async () => {
        const target = await readTelemetryExportTarget(options.db, workspaceId, options.masterSecret);
        return target && { ...target, allowedHosts: await readAllowedHosts(options.db, workspaceId) };
      }),
    labels: (run: RunRecord) =>
      labels.getOrLoad(`${run.workspaceId}\u0000${run.botId}\u0000${run.botVersionId}\u0000${run.deploymentId}`, () =>
        readRunLabels(options.db, run.workspaceId, run),
      ),
    report: (counts) => addTelemetryExportCounts(options.db, counts),
  });
}
