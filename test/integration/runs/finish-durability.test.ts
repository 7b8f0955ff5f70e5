// A run's finish is announced as soon as it is visible, before it is on disk (RunWriter.writeVisible):
// a PostgreSQL crash in that window must still end with the finish stored, before the run's job is let
// go. On a private PostgreSQL, crashed (immediate stop: WAL not yet flushed is lost) right after the
// finish became visible.
import { randomUUID } from "node:crypto";
import net from "node:net";
import { RunWriter, type RunRecord } from "@switchyard/db";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMigratedDatabase } from "../../support/database";
import { startPrivatePostgres, type PrivateService } from "../../support/private-services";

let postgres: PrivateService;
let databaseUrl: string;
const savedAdmin = process.env.TEST_DATABASE_ADMIN_URL;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

async function query<Row extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  postgres = await startPrivatePostgres(await freePort());
  process.env.TEST_DATABASE_ADMIN_URL = postgres.url;
  try {
    databaseUrl = (await createMigratedDatabase("durability")).url;
  } finally {
    if (savedAdmin === undefined) delete process.env.TEST_DATABASE_ADMIN_URL;
    else process.env.TEST_DATABASE_ADMIN_URL = savedAdmin;
  }
  await query(`INSERT INTO "Workspace" (id, name, "updatedAt") VALUES ('ws', 'durability', now())`);
  await query(`INSERT INTO "Bot" (id, "workspaceId", name, "draftGraph", "updatedAt") VALUES ('bot', 'ws', 'bot', '{}', now())`);
}, 60_000);

afterAll(async () => {
  await postgres?.stop();
});

const finishedRun = (id: string): RunRecord => {
  const now = Date.now();
  return {
    id,
    workspaceId: "ws",
    botId: "bot",
    botVersionId: null,
    deploymentId: null,
    source: "API",
    sessionId: null,
    input: { message: "hello" },
    status: "SUCCEEDED",
    output: { text: "the answer the client was given" },
    error: null,
    tokensIn: 3,
    tokensOut: 5,
    costUsd: 0,
    latencyMs: 2,
    createdAt: now - 3,
    startedAt: now - 2,
    finishedAt: now,
    events: "[]",
  };
};

describe("a finish announced before it is on disk", () => {
  it("is readable as soon as it is announced, and stored once durable resolves", async () => {
    const writer = new RunWriter(databaseUrl);
    try {
      const id = randomUUID();
      const { durable } = await writer.writeVisible(finishedRun(id));
      expect(await query(`SELECT status FROM "Run" WHERE id = $1`, [id])).toEqual([{ status: "SUCCEEDED" }]);
      await durable;
    } finally {
      await writer.close();
    }
  });

  it("is stored when PostgreSQL crashes right after the finish became visible", async () => {
    const writer = new RunWriter(databaseUrl, 4, 60_000);
    try {
      const ids = Array.from({ length: 20 }, () => randomUUID());
      // finishes in flight at once, as under load; the crash comes the moment the last is visible
      const written = await Promise.all(ids.map((id) => writer.writeVisible(finishedRun(id))));
      await postgres.kill();
      await postgres.start();
      await Promise.all(written.map(({ durable }) => durable));
      // durable means: it survives a second crash too
      await postgres.kill();
      await postgres.start();
      const rows = await query<{ id: string; status: string; reply: string }>(
        `SELECT id, status, output->>'text' AS reply FROM "Run" WHERE id = ANY($1)`,
        [ids],
      );
      expect(rows).toHaveLength(ids.length);
      for (const row of rows) expect(row).toMatchObject({ status: "SUCCEEDED", reply: "the answer the client was given" });
    } finally {
      await writer.close();
    }
  }, 60_000);
});
