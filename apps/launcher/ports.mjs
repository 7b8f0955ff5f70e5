// Ports `npm start` needs, checked before anything starts, and a small registry of running launchers
// (one file per process in the temp folder) so a busy port can be traced to the Switchyard holding it.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const registryDir = path.join(os.tmpdir(), "switchyard-launchers");

/** True when nothing listens on `port` at `host` (we try to listen there ourselves, then let go). */
export function portFree(port, host) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/** A process's command line where /proc tells it (Linux), else null. */
function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return null;
  }
}

/**
 * The launcher a record names is still running: its pid is alive and, where /proc tells, runs the
 * command line the launcher recorded. A launcher that was killed leaves its record behind, and once
 * pids wrap (32,768 by default on Linux) another program may hold its pid.
 */
function stillRunning(entry) {
  if (!alive(entry.pid)) return false;
  if (!existsSync("/proc/self/cmdline")) return true;
  return entry.commandLine !== undefined && commandLine(entry.pid) === entry.commandLine;
}

function runningLaunchers() {
  let names = [];
  try {
    names = readdirSync(registryDir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const file = path.join(registryDir, name);
    try {
      const entry = JSON.parse(readFileSync(file, "utf8"));
      if (entry.pid === process.pid) return [];
      if (stillRunning(entry)) return [entry];
      rmSync(file, { force: true }); // the record of a launcher that was killed
      return [];
    } catch {
      return [];
    }
  });
}

/** Records this launcher's data folder and ports; returns a function that removes the record. */
export function registerLauncher(dataDir, ports) {
  mkdirSync(registryDir, { recursive: true });
  const file = path.join(registryDir, `${process.pid}.json`);
  writeFileSync(file, JSON.stringify({ pid: process.pid, commandLine: commandLine(process.pid) ?? undefined, dataDir, ports }));
  return () => rmSync(file, { force: true });
}

/** Another running `npm start` using this data folder, if any. */
export function launcherUsingDataDir(dataDir) {
  return runningLaunchers().find((entry) => path.resolve(entry.dataDir) === path.resolve(dataDir));
}

function holderOf(port) {
  const owner = runningLaunchers().find((entry) => Object.values(entry.ports).includes(port));
  return owner ? `another Switchyard (npm start, pid ${owner.pid}, data folder ${owner.dataDir})` : undefined;
}

/**
 * Checks every needed port; returns one line per busy port naming what it is for, what holds it when
 * known, and the variable that moves it.
 */
export async function busyPorts(needed) {
  const problems = [];
  for (const { port, host, purpose, variable } of needed) {
    if (await portFree(port, host)) continue;
    const holder = holderOf(port);
    problems.push(`port ${port} (${purpose}) is in use${holder ? ` by ${holder}` : ""}; set ${variable} to use another`);
  }
  return problems;
}
