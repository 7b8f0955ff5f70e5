// The span exporter for one workspace: the OpenTelemetry SDK's OTLP export delegate and protobuf
// serializer (no encoding of our own), over the guarded transport.
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import { createOtlpNetworkExportDelegate, OTLPExporterBase } from "@opentelemetry/otlp-exporter-base";
import { createOtlpHttpExporterMetrics } from "@opentelemetry/otlp-exporter-base/node-http";
import { ProtobufTraceSerializer, TraceExporterMetricsHelper } from "@opentelemetry/otlp-transformer";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace";
import type { NetworkPolicy } from "@switchyard/net";
import { createGuardedTransport } from "./guarded-transport";

export interface OtlpTarget {
  endpoint: string;
  headers: Record<string, string>;
}

export interface OtlpExporterOptions {
  /** Per request; a collector slower than this loses the batch. */
  timeoutMillis: number;
  /** Requests in flight at once; a batch beyond it is dropped rather than queued. */
  concurrencyLimit: number;
  /** Hears why an export failed (for Settings); never given a header. */
  onError: (error: Error) => void;
}

class GuardedOtlpExporter extends OTLPExporterBase<ReadableSpan[]> {}

export function createOtlpExporter(target: OtlpTarget, policy: NetworkPolicy, options: OtlpExporterOptions): SpanExporter {
  const delegate = createOtlpNetworkExportDelegate(
    { timeoutMillis: options.timeoutMillis, concurrencyLimit: options.concurrencyLimit, compression: "none" },
    ProtobufTraceSerializer,
    // the exporter's own metrics go to the API's no-op meter: nothing is registered globally
    createOtlpHttpExporterMetrics("otlp_http_span_exporter", TraceExporterMetricsHelper, target.endpoint, undefined),
    createGuardedTransport(target.endpoint, target.headers, policy),
  );
  const exporter = new GuardedOtlpExporter(delegate);
  return {
    export(spans, resultCallback) {
      exporter.export(spans, (result: ExportResult) => {
        if (result.code !== ExportResultCode.SUCCESS) options.onError(result.error ?? new Error("The export failed"));
        resultCallback(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush(),
  };
}
