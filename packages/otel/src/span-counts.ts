// Counts what happens to a workspace's spans, from the SDK's own accounting: its batch processor
// reports every span it finishes with (exported, or failed with an `error.type`, "queue_full" when its
// bounded queue was full) on the self-observability counter `otel.sdk.processor.span.processed`. A
// meter provider that keeps just that counter turns it into the figures Settings shows.
import { createNoopMeter, type Attributes, type Counter, type Meter, type MeterProvider } from "@opentelemetry/api";

const PROCESSED = "otel.sdk.processor.span.processed";

export interface Tally {
  exported: number;
  dropped: number;
}

export function countingMeterProvider(tally: Tally): MeterProvider {
  const counter = {
    add(value: number, attributes?: Attributes) {
      if (attributes?.["error.type"] === undefined) tally.exported += value;
      else tally.dropped += value;
    },
  } as Counter;
  const noop = createNoopMeter();
  const meter: Meter = Object.assign(Object.create(noop) as Meter, {
    createCounter: (name: string, options?: object) => (name === PROCESSED ? counter : noop.createCounter(name, options)),
  });
  return { getMeter: () => meter };
}
