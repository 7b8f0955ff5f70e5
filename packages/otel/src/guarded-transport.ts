// Carries OTLP requests the SDK's exporter serialised to the collector through the SSRF guard, with
// the workspace's allowed hosts, exactly as an HTTP request node's would go. Redirects are not
// followed: every header here is the workspace's secret for that collector alone. The guard's
// dispatcher-level request is used rather than its fetch(): a batch is one buffer, and fetch's streams
// copied it twice and wrote it chunk by chunk (a tenth of the export's CPU in bench/otel's profile).
import type { ExportResponse, IExporterTransport } from "@opentelemetry/otlp-exporter-base";
import { findBlockedError, guardedRequest, type NetworkPolicy } from "@switchyard/net";

// the statuses OTLP/HTTP names as worth retrying; the batch is dropped either way (no retries here),
// but the SDK counts them apart from refusals
const RETRYABLE = new Set([429, 502, 503, 504]);

/** A message for Settings: the guard's refusal, the timeout, or what the connection failed with. */
function describe(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return (signal.reason as Error).message;
  const blocked = findBlockedError(error);
  if (blocked) return blocked.message;
  // the connection's own error (ECONNREFUSED, …), or the one a wrapper holds as its cause
  const failure = error as Error & { code?: string };
  const cause = (failure.cause as (Error & { code?: string }) | undefined) ?? failure;
  return `Could not reach the collector: ${cause.code ?? cause.message}`;
}

export function createGuardedTransport(endpoint: string, headers: Record<string, string>, policy: NetworkPolicy): IExporterTransport {
  const controllers = new Set<AbortController>();
  const requestHeaders = { ...headers, "content-type": "application/x-protobuf" };
  return {
    async send(data: Uint8Array, timeoutMillis: number): Promise<ExportResponse> {
      const controller = new AbortController();
      controllers.add(controller);
      const timer = setTimeout(() => controller.abort(new Error(`The collector did not answer within ${timeoutMillis} ms`)), timeoutMillis);
      try {
        const response = await guardedRequest(
          endpoint,
          { method: "POST", headers: requestHeaders, body: data, signal: controller.signal },
          policy,
        );
        // the body (a partial-success note at most) is discarded unread: a collector cannot make the worker buffer anything
        await response.body.dump();
        const status = response.statusCode;
        if (status >= 200 && status < 300) return { status: "success" };
        const error = new Error(`The collector answered ${status}${status >= 300 && status < 400 ? " (a redirect, not followed)" : ""}`);
        return RETRYABLE.has(status) ? { status: "retryable", error } : { status: "failure", error };
      } catch (caught) {
        return { status: "failure", error: new Error(describe(caught, controller.signal)) };
      } finally {
        clearTimeout(timer);
        controllers.delete(controller);
      }
    },
    shutdown() {
      for (const controller of controllers) controller.abort(new Error("The exporter was shut down"));
    },
  };
}
