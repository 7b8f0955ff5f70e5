// Soak mode of bench:publish: full load on /v1/chat/completions for a bounded time, sampling every
// 10 s the private Redis's used_memory, how many run event streams it holds, and each platform
// process's RSS, to show whether memory follows traffic (a leak) or levels off. Writes soak.json.
import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import { sustained } from "../support/load";
import { round, writeResult } from "../support/stats";
import { wrkAvailable, wrkPost } from "../support/wrk";

const SAMPLE_EVERY_MS = 10_000;

function rssMb(pid: number): number | null {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? round(Number(kb) / 1024, 1) : null;
  } catch {
    return null;
  }
}

async function eventStreams(redis: Redis, prefix: string): Promise<number> {
  let count = 0;
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}run:*:events`, "COUNT", 5000);
    cursor = next;
    count += keys.length;
  } while (cursor !== "0");
  return count;
}

/** Spread of a series' second half around its mean, and its trend (least-squares slope per minute). */
function lastHalf(values: number[], everyMs: number) {
  const half = values.slice(Math.floor(values.length / 2));
  const mean = half.reduce((sum, value) => sum + value, 0) / (half.length || 1);
  const xs = half.map((_, index) => (index * everyMs) / 60_000);
  const xMean = xs.reduce((sum, x) => sum + x, 0) / (xs.length || 1);
  const slope =
    xs.reduce((sum, x, index) => sum + (x - xMean) * (half[index]! - mean), 0) / (xs.reduce((sum, x) => sum + (x - xMean) ** 2, 0) || 1);
  return { mean: round(mean, 1), min: Math.min(...half), max: Math.max(...half), slopePerMinute: round(slope, 2) };
}

export async function soak(options: {
  minutes: number;
  /** Stop once this many requests are served (the minutes still bound the soak). */
  requests?: number;
  redisUrl: string;
  prefix: string;
  processes: Record<string, number>;
  request: { url: string; headers: Record<string, string>; body: unknown };
  /** The Node.js client, where wrk is not installed. */
  call: () => Promise<{ latency: number }>;
  /** Runs of the benchmark's bot that did not succeed. */
  runsNotSucceeded: () => Promise<number>;
}) {
  const redis = new Redis(options.redisUrl);
  const samples: Record<string, unknown>[] = [];
  const began = Date.now();
  let requests = 0;
  let errors = 0;
  const errorKinds: Record<string, number> = {};
  let sliceErrors = 0;
  const take = async () => {
    const info = await redis.info("memory");
    const usedMemory = Number(/used_memory:(\d+)/.exec(info)?.[1]);
    const sample = {
      atS: Math.round((Date.now() - began) / 1000),
      requests,
      errors: sliceErrors,
      redisUsedMemoryMb: round(usedMemory / 2 ** 20, 1),
      runEventStreams: await eventStreams(redis, options.prefix),
      rssMb: Object.fromEntries(Object.entries(options.processes).map(([name, pid]) => [name, rssMb(pid)])),
    };
    samples.push(sample);
    console.log(`  ${JSON.stringify(sample)}`);
  };
  await take();
  const deadline = began + options.minutes * 60_000;
  const useWrk = await wrkAvailable();
  // load in 10-second slices, sampling between them (a sample takes a few ms)
  while (Date.now() < deadline && requests < (options.requests ?? Infinity)) {
    if (useWrk) {
      const slice = await wrkPost(options.request.url, options.request, 128, SAMPLE_EVERY_MS / 1000);
      requests += Math.round(slice!.requestsPerSecond * slice!.seconds);
      errors += slice!.errors;
      sliceErrors = slice!.errors;
      for (const [kind, count] of Object.entries(slice!.errorKinds)) errorKinds[kind] = (errorKinds[kind] ?? 0) + count;
    } else {
      const slice = await sustained(options.call, 64, SAMPLE_EVERY_MS / 1000);
      requests += Math.round(slice.requestsPerSecond * (SAMPLE_EVERY_MS / 1000));
      errors += slice.errors;
      sliceErrors = slice.errors;
    }
    await take();
  }
  // after the load: finished runs' streams leave within the grace
  console.log("  load stopped; waiting 70 s for finished runs' streams to expire…");
  await new Promise((resolve) => setTimeout(resolve, 70_000));
  await take();
  redis.disconnect();

  const loaded = samples.slice(1, -1);
  const afterFirstMinute = loaded.find((sample) => (sample.atS as number) >= 60) ?? loaded[0]!;
  const series = (pick: (sample: Record<string, unknown>) => number) => loaded.map(pick);
  const idle = samples.at(-1)!;
  // RSS when a tenth of the requests were served against RSS at the end: growth with traffic, not start-up
  const atTenth = loaded.find((sample) => (sample.requests as number) >= requests / 10) ?? loaded[0]!;
  const atEnd = loaded.at(-1)!;
  const rssOf = (sample: Record<string, unknown>, name: string) => (sample.rssMb as Record<string, number>)[name]!;
  const result = {
    minutes: options.minutes,
    client: useWrk ? "wrk, 128 connections" : "Node.js client, 64 concurrent",
    requests,
    errors,
    errorKinds,
    runsNotSucceeded: await options.runsNotSucceeded(),
    redisUsedMemoryMb: {
      afterFirstMinute: afterFirstMinute.redisUsedMemoryMb,
      lastHalf: lastHalf(
        series((sample) => sample.redisUsedMemoryMb as number),
        SAMPLE_EVERY_MS,
      ),
      idle70sAfterLoad: idle.redisUsedMemoryMb,
    },
    runEventStreams: {
      lastHalf: lastHalf(
        series((sample) => sample.runEventStreams as number),
        SAMPLE_EVERY_MS,
      ),
      idle70sAfterLoad: idle.runEventStreams,
    },
    rssMb: Object.fromEntries(
      Object.keys(options.processes).map((name) => [
        name,
        {
          afterFirstMinute: rssOf(afterFirstMinute, name),
          atTenthOfRequests: { requests: atTenth.requests, mb: rssOf(atTenth, name) },
          atEnd: { requests: atEnd.requests, mb: rssOf(atEnd, name) },
          growthFromTenth: round(rssOf(atEnd, name) / rssOf(atTenth, name) - 1, 3),
          lastHalf: lastHalf(
            series((sample) => (sample.rssMb as Record<string, number>)[name]!),
            SAMPLE_EVERY_MS,
          ),
        },
      ]),
    ),
    targets: { redisWithinMbOfFirstMinute: 128, rssGrowthFromTenthOfRequestsAtMost: 0.1 },
    samples,
  };
  console.log(JSON.stringify({ ...result, samples: `${samples.length} samples` }, null, 2));
  await writeResult("soak", result);
}
