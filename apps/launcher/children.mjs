// Child processes of `npm start`: each keeps its last lines of output, so a failure can say what the
// child printed and which step it was in; every child is tracked so a signal in any phase stops them all.
import { spawn } from "node:child_process";

const TAIL_LINES = 20;
const running = new Set();

/** Keeps the last lines written to a stream while passing them through to our own output. */
function tailOf(stream, sink, lines) {
  let partial = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk) => {
    sink?.write(chunk);
    const parts = (partial + chunk).split("\n");
    partial = parts.pop() ?? "";
    for (const line of parts) {
      lines.push(line);
      if (lines.length > TAIL_LINES) lines.shift();
    }
  });
  stream.on("end", () => partial && lines.push(partial));
}

/**
 * Spawns a tracked child; `lastLines()` returns what it printed most recently (stdout and stderr).
 * `quiet` keeps its output to the tail only (a server whose chatter nobody needs unless it fails).
 */
export function spawnTracked(command, args, { quiet = false, ...options } = {}) {
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  const lines = [];
  tailOf(child.stdout, quiet ? undefined : process.stdout, lines);
  tailOf(child.stderr, quiet ? undefined : process.stderr, lines);
  running.add(child);
  child.once("exit", () => running.delete(child));
  child.lastLines = () => lines.slice();
  return child;
}

function exited(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", resolve));
}

/** SIGTERM to every tracked child, SIGKILL to any still there after `graceMs`. */
export async function stopChildren(graceMs = 10_000) {
  const children = [...running];
  for (const child of children) child.kill("SIGTERM");
  const timer = setTimeout(() => children.forEach((child) => child.kill("SIGKILL")), graceMs);
  await Promise.all(children.map(exited));
  clearTimeout(timer);
}

/** Runs a step to completion; rejects with a StepFailure carrying the child's last lines. */
export function runStep(label, command, args, options) {
  console.log(`› ${label}…`);
  const child = spawnTracked(command, args, options);
  return new Promise((resolve, reject) => {
    child.once("error", (error) => reject(new StepFailure(label, error.message, [])));
    child.once("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new StepFailure(label, `exited with ${signal ?? `code ${code}`}`, child.lastLines()));
    });
  });
}

export class StepFailure extends Error {
  constructor(step, reason, lastLines = [], hint = "") {
    super(`${step}: ${reason}`);
    this.step = step;
    this.reason = reason;
    this.lastLines = lastLines;
    this.hint = hint;
  }
}

/** A failure as a person reads it: the step, why, the child's last lines, and what to do. */
export function describeFailure(error) {
  if (!(error instanceof StepFailure)) {
    const reason = error instanceof Error ? error.message : error === undefined ? "failed without a message" : String(error);
    return `✖ ${reason}`;
  }
  const tail = error.lastLines.filter((line) => line.trim()).slice(-TAIL_LINES);
  return [
    `✖ ${error.step} failed: ${error.reason}`,
    ...(tail.length ? ["  its last lines:", ...tail.map((line) => `    ${line}`)] : []),
    ...(error.hint ? [`  ${error.hint}`] : []),
  ].join("\n");
}
