// A private Redis Cluster on loopback (Debian's redis-server with --cluster-enabled yes): masters with a
// replica each, on free ports, in a temporary directory that `stop` removes. The machine's shared Redis
// (6379) is never touched.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

interface ClusterNodeProcess {
  port: number;
  child: ChildProcess;
}

export interface PrivateRedisCluster {
  /** REDIS_CLUSTER_NODES for the platform: every node, comma-separated. */
  nodes: string;
  ports: number[];
  /** The master serving `key`'s hash slot (as the cluster says now). */
  masterOf: (key: string) => number;
  /** The replica of the master on `port`. */
  replicaOf: (port: number) => number;
  /** Kills a node without warning (SIGKILL). */
  kill: (port: number) => Promise<void>;
  /** Waits until every slot is served by a live master again; resolves with how long that took. */
  waitForHealthy: (timeoutMs?: number) => Promise<number>;
  cli: (port: number, ...args: string[]) => string;
  stop: () => Promise<void>;
}

const canListen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });

/** `count` consecutive ports whose cluster bus ports (+10000) are free as well. */
async function freePorts(count: number): Promise<number[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 9_000);
    const ports = Array.from({ length: count }, (_, index) => base + index);
    const free = await Promise.all(ports.flatMap((port) => [canListen(port), canListen(port + 10_000)]));
    if (free.every(Boolean)) return ports;
  }
  throw new Error("no free ports for a Redis Cluster");
}

async function waitForPort(port: number, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await canListen(port).then((free) => !free))) {
    if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts `masters` masters and one replica each. `nodeTimeoutMs` is cluster-node-timeout: how long a
 * master may be unreachable before its replica takes over (managed services use ~15 s; a test, ~1 s).
 */
export async function startRedisCluster(options: { masters?: number; nodeTimeoutMs?: number } = {}): Promise<PrivateRedisCluster> {
  // the ports were free when chosen; another process on this shared machine may take one before
  // redis-server binds it, so a node that exits at once means new ports
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnFreePorts(options);
    } catch (error) {
      if (!(error instanceof PortTaken) || attempt === 3) throw error;
    }
  }
}

class PortTaken extends Error {}

async function startOnFreePorts(options: { masters?: number; nodeTimeoutMs?: number }): Promise<PrivateRedisCluster> {
  const masters = options.masters ?? 3;
  const ports = await freePorts(masters * 2);
  const dir = mkdtempSync(path.join(os.tmpdir(), "sy-redis-cluster-"));
  const nodes: ClusterNodeProcess[] = [];
  const cli = (port: number, ...args: string[]) => {
    const result = spawnSync("redis-cli", ["-p", String(port), ...args], { encoding: "utf8", timeout: 10_000 });
    return `${result.stdout}${result.stderr}`;
  };
  const stop = async () => {
    await Promise.all(
      nodes.map(async ({ child }) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGKILL");
        await exited;
      }),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      const child = spawn(
        "redis-server",
        [
          "--port",
          String(port),
          "--bind",
          "127.0.0.1",
          "--cluster-enabled",
          "yes",
          "--cluster-config-file",
          path.join(dir, `nodes-${port}.conf`),
          "--cluster-node-timeout",
          String(options.nodeTimeoutMs ?? 1_000),
          "--save",
          "",
          // a replica's first sync starts at once (the default waits 5 s for more replicas to share it)
          "--repl-diskless-sync-delay",
          "0",
          "--appendonly",
          "no",
          "--dir",
          dir,
          "--logfile",
          path.join(dir, `${port}.log`),
        ],
        { stdio: "ignore" },
      );
      nodes.push({ port, child });
    }
    await Promise.all(
      nodes.map(({ port, child }) =>
        Promise.race([
          waitForPort(port, 30_000),
          new Promise((_, reject) => child.once("exit", () => reject(new PortTaken(`redis-server on ${port} exited at start`)))),
        ]),
      ),
    );
    const created = spawnSync(
      "redis-cli",
      ["--cluster", "create", ...ports.map((port) => `127.0.0.1:${port}`), "--cluster-replicas", "1", "--cluster-yes"],
      { encoding: "utf8", timeout: 30_000 },
    );
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed:\n${created.stdout}${created.stderr}`);

    const alive = () => nodes.filter(({ child }) => child.exitCode === null && child.signalCode === null).map(({ port }) => port);
    /** `CLUSTER NODES` of a live node, split into fields: id, address, flags, master id, …, slot ranges from the 9th. */
    const slots = () => {
      for (const port of alive()) {
        const text = cli(port, "cluster", "nodes").trim();
        if (text.includes("@")) return text.split("\n").map((line) => line.split(" "));
      }
      throw new Error("no live cluster node");
    };
    const masterOf = (key: string) => {
      const slot = Number(cli(alive()[0]!, "cluster", "keyslot", key).trim());
      for (const fields of slots()) {
        if (!fields[2]!.includes("master") || fields[2]!.includes("fail")) continue;
        const ranges = fields.slice(8).filter((range) => /^\d/.test(range));
        for (const range of ranges) {
          const [start, end = start] = range.split("-").map(Number) as [number, number?];
          if (slot >= start && slot <= end!) return Number(fields[1]!.split(":")[1]!.split("@")[0]);
        }
      }
      throw new Error(`no master serves slot ${slot}`);
    };
    const replicaOf = (port: number) => {
      const listing = slots();
      const master = listing.find((fields) => fields[1]!.startsWith(`127.0.0.1:${port}@`))!;
      const replica = listing.find((fields) => fields[3] === master[0]);
      if (!replica) throw new Error(`no replica of ${port}`);
      return Number(replica[1]!.split(":")[1]!.split("@")[0]);
    };
    const waitForHealthy = async (timeoutMs = 20_000) => {
      const began = performance.now();
      for (;;) {
        const ok = alive().every((port) => /cluster_state:ok/.test(cli(port, "cluster", "info")));
        const live = alive();
        // every node's own view: each slot range belongs to a live master nobody suspects
        const served = live.every((port) =>
          cli(port, "cluster", "nodes")
            .trim()
            .split("\n")
            .map((line) => line.split(" "))
            .filter((fields) => fields.slice(8).length > 0)
            .every((fields) => !fields[2]!.includes("fail") && live.includes(Number(fields[1]!.split(":")[1]!.split("@")[0]))),
        );
        // a replica takes over only with its master's data: wait for every replica's link
        const synced = live.every(
          (port) => !/role:slave/.test(cli(port, "info", "replication")) || /master_link_status:up/.test(cli(port, "info", "replication")),
        );
        if (ok && served && synced) return performance.now() - began;
        if (performance.now() - began > timeoutMs) throw new Error("the cluster did not become healthy");
        await sleep(50);
      }
    };
    await waitForHealthy();
    return {
      nodes: ports.map((port) => `127.0.0.1:${port}`).join(","),
      ports,
      masterOf,
      replicaOf,
      kill: async (port) => {
        const node = nodes.find((candidate) => candidate.port === port)!;
        const exited = new Promise((resolve) => node.child.once("exit", resolve));
        node.child.kill("SIGKILL");
        await exited;
      },
      waitForHealthy,
      cli,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
