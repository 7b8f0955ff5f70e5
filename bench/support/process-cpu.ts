// CPU time spent by each part of the platform over a stretch of load, read from /proc (Linux), so a
// benchmark can say where each request's CPU goes: web, workers, PostgreSQL, Redis, the benchmark
// process itself (load generator and provider fixture) and anything else on the machine.
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function cpuTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return 0; // exited meanwhile
  }
}

function commandName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "";
  }
}

export type ProcessGroups = { web?: number[]; workers?: number[] };

/** Each running process: its group and its CPU ticks so far. */
function sample(groups: ProcessGroups): Map<number, { group: string; ticks: number }> {
  const web = new Set(groups.web ?? []);
  const workers = new Set(groups.workers ?? []);
  const processes = new Map<number, { group: string; ticks: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const name = commandName(pid);
    // `next start` may hand the serving to a child process named next-server
    const group =
      web.has(pid) || name.startsWith("next-server")
        ? "web"
        : workers.has(pid)
          ? "workers"
          : pid === process.pid
            ? "benchmark (client and fixture)"
            : name.startsWith("postgres")
              ? "postgres"
              : name.startsWith("redis")
                ? "redis"
                : "other";
    processes.set(pid, { group, ticks: cpuTicks(pid) });
  }
  return processes;
}

/** Runs `work` and answers the CPU milliseconds each group spent per unit `work` reports. */
export async function cpuPerUnit<T>(
  groups: ProcessGroups,
  work: () => Promise<T>,
  units: (result: T) => number,
): Promise<{ result: T; cpuMsPerUnit: Record<string, number> }> {
  const before = sample(groups);
  const result = await work();
  const after = sample(groups);
  const count = Math.max(1, units(result));
  // per process, so one that exits meanwhile (a closed PostgreSQL connection) takes nothing away;
  // what such a process spent is missed, so figures are slight underestimates
  const ticks: Record<string, number> = {};
  for (const [pid, { group, ticks: now }] of after) ticks[group] = (ticks[group] ?? 0) + now - (before.get(pid)?.ticks ?? 0);
  const cpuMsPerUnit = Object.fromEntries(
    Object.entries(ticks).map(([group, spent]) => [group, Math.round(((spent * 1000) / TICKS_PER_SECOND / count) * 100) / 100]),
  );
  return { result, cpuMsPerUnit };
}

/** CPU seconds each group spent since `before` (a `cpuSnapshot`), per process as in `cpuPerUnit`. */
export function cpuSecondsSince(before: ReturnType<typeof cpuSnapshot>): Record<string, number> {
  const seconds: Record<string, number> = {};
  for (const [pid, { group, ticks: now }] of sample(before.groups))
    seconds[group] = (seconds[group] ?? 0) + (now - (before.processes.get(pid)?.ticks ?? 0)) / TICKS_PER_SECOND;
  return Object.fromEntries(Object.entries(seconds).map(([group, spent]) => [group, Math.round(spent * 100) / 100]));
}

/** The CPU ticks of every process now, for `cpuSecondsSince`. */
export function cpuSnapshot(groups: ProcessGroups) {
  return { groups, processes: sample(groups) };
}
