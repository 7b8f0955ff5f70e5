// Pub/sub on a Redis Cluster. A message PUBLISHed on any node reaches the subscribers of every node
// (masters and replicas), so one connection to any live node hears everything. ioredis' own cluster
// subscriber moves to another node silently when its node goes away; messages published meanwhile are
// lost without anyone knowing, and a stream waiting for its run's finish would wait forever. This one
// says "close" every time its connection drops (as a single Redis connection does), so the run event
// hub tells its streams to resume from their last event id, then moves to another live node.
import { EventEmitter } from "node:events";
import { Redis, type RedisOptions } from "ioredis";

export interface ClusterNode {
  host: string;
  port: number;
}

/** Nodes of `CLUSTER NODES` output that are reachable as far as the cluster knows. */
function liveNodes(listing: string): ClusterNode[] {
  return listing
    .split("\n")
    .map((line) => line.split(" "))
    .filter((fields) => fields.length > 2 && !/fail|handshake|noaddr/.test(fields[2]!))
    .map((fields) => {
      const address = fields[1]!.split("@")[0]!.split(",")[0]!;
      const at = address.lastIndexOf(":");
      return { host: address.slice(0, at), port: Number(address.slice(at + 1)) };
    })
    .filter((node) => node.host && node.port);
}

export class ClusterSubscriber extends EventEmitter {
  private connection: Redis | undefined;
  private readonly channels = new Set<string>();
  /** The seeds, then every live node the cluster listed on the last connection. */
  private nodes: ClusterNode[];
  private next = 0;
  private attempts = 0;
  private closing = false;
  private connected: Promise<Redis>;

  constructor(
    private readonly seeds: ClusterNode[],
    private readonly options: RedisOptions,
    private readonly retryDelay: (attempt: number) => number,
  ) {
    super();
    this.nodes = [...seeds];
    this.connected = this.connect();
  }

  private connect(): Promise<Redis> {
    const node = this.nodes[this.next++ % this.nodes.length]!;
    const connection = new Redis({
      ...this.options,
      ...node,
      connectTimeout: 2_000,
      retryStrategy: () => null,
      maxRetriesPerRequest: null,
    });
    this.connection = connection;
    connection.on("error", (error: Error) => void (this.listenerCount("error") && this.emit("error", error)));
    connection.on("message", (channel: string, message: string) => this.emit("message", channel, message));
    let ready = false;
    connection.once("end", () => {
      if (ready) this.emit("close");
      if (this.closing) return;
      // the next node, after a pause that grows while none answers
      setTimeout(() => void (this.connected = this.connect()), this.retryDelay(++this.attempts)).unref();
    });
    const connected = (async () => {
      const listing = (await connection.cluster("NODES")) as string;
      const known = liveNodes(listing);
      // seeds first: they are what the operator named (a configuration endpoint stays valid after failovers)
      this.nodes = [
        ...this.seeds,
        ...known.filter((found) => !this.seeds.some((seed) => seed.host === found.host && seed.port === found.port)),
      ];
      this.next = (this.next + Math.floor(Math.random() * this.nodes.length)) % this.nodes.length;
      if (this.channels.size) await connection.subscribe(...this.channels);
      ready = true;
      this.attempts = 0;
      return connection;
    })().catch((error: unknown) => {
      connection.disconnect(); // "end" moves on to the next node
      throw error;
    });
    connected.catch(() => undefined); // a failed attempt is followed by the next one; `subscribe` waits for that
    return connected;
  }

  /** Subscribes on the current node (once one answers); the next nodes subscribe to every channel when they connect. */
  async subscribe(...channels: string[]): Promise<unknown> {
    for (const channel of channels) this.channels.add(channel);
    for (;;) {
      if (this.closing) throw new Error("Connection is closed.");
      const connection = await this.connected.catch(() => undefined);
      // subscribing twice to a channel is harmless, so no need to know whether connecting already did
      if (connection && connection === this.connection && connection.status === "ready") return connection.subscribe(...channels);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async quit(): Promise<unknown> {
    this.closing = true;
    return this.connection?.quit();
  }

  disconnect(): void {
    this.closing = true;
    this.connection?.disconnect();
  }
}
