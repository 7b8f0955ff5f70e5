// Percentiles and result files shared by every benchmark.
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

export function summarize(values: number[]) {
  return {
    count: values.length,
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    p99: round(percentile(values, 99)),
    mean: round(values.reduce((sum, value) => sum + value, 0) / (values.length || 1)),
  };
}

export async function writeResult(name: string, figures: Record<string, unknown>) {
  const file = path.resolve(import.meta.dirname, "../results", `${name}.json`);
  await mkdir(path.dirname(file), { recursive: true });
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGb: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
  };
  await writeFile(file, `${JSON.stringify({ benchmark: name, measuredAt: new Date().toISOString(), machine, ...figures }, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
}
