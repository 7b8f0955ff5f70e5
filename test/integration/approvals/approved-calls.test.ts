// The approved-call ledger on real PostgreSQL: attempts of one run's resume job racing for the same
// approved call make it once and share its outcome; an attempt that claimed it and stopped leaves it
// unmade (an error saying the outcome is unknown), never made twice.
import { randomUUID } from "node:crypto";
import { ApprovedCallUnknownError } from "@switchyard/engine";
import { createApprovedCalls } from "@switchyard/runner";
import { describe, expect, it } from "vitest";
import { chatFlow, db, newBot, newUser } from "../support";

const timing = { beatMs: 50, staleMs: 400, pollMs: 20 };

/** A run waiting on one answered approval `agent:call-1`. */
async function answeredApproval(status: "ANSWERED" | "PENDING" = "ANSWERED") {
  const { workspace } = await newUser("ledger");
  const bot = await newBot(workspace.id, chatFlow({}));
  const runId = randomUUID();
  await db().run.create({ data: { id: runId, workspaceId: workspace.id, botId: bot.id, source: "API", status: "WAITING", input: {} } });
  await db().approval.create({
    data: {
      workspaceId: workspace.id,
      runId,
      botId: bot.id,
      key: "agent:call-1",
      nodeId: "agent",
      kind: "tool",
      question: "Place it?",
      actions: [{ name: "approve", label: "Approve", branch: "approved" }],
      timeoutAction: "reject",
      expiresAt: new Date(Date.now() + 60_000),
      status,
      ...(status === "ANSWERED" && { action: "approve", answeredAt: new Date() }),
    },
  });
  return runId;
}

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("approved calls", () => {
  it("are made once by attempts racing for them; every attempt gets the outcome", async () => {
    const runId = await answeredApproval();
    let made = 0;
    const call = async () => {
      made++;
      await later(600); // longer than staleMs: the heartbeat keeps the waiters waiting
      return { order: 42 };
    };
    const attempts = await Promise.all(
      Array.from({ length: 4 }, () => createApprovedCalls(db(), runId, timing).once("agent:call-1", call)),
    );
    expect(made).toBe(1);
    expect(attempts).toEqual(Array.from({ length: 4 }, () => ({ order: 42 })));
    // a later attempt (a retry after the first finished the call) adopts it too
    expect(await createApprovedCalls(db(), runId, timing).once("agent:call-1", call)).toEqual({ order: 42 });
    expect(made).toBe(1);
  });

  it("are not made again when the attempt that claimed one stopped before recording its outcome", async () => {
    const runId = await answeredApproval();
    const stopped = createApprovedCalls(db(), runId, { ...timing, beatMs: 60_000 });
    // the claiming attempt never comes back (its worker died mid-call)
    void stopped.once("agent:call-1", () => new Promise<never>(() => undefined));
    await expect.poll(async () => (await db().approval.findFirstOrThrow({ where: { runId } })).callClaimedAt).not.toBeNull();
    let made = 0;
    const began = Date.now();
    await expect(createApprovedCalls(db(), runId, timing).once("agent:call-1", async () => ++made)).rejects.toBeInstanceOf(
      ApprovedCallUnknownError,
    );
    expect(made).toBe(0);
    expect(Date.now() - began).toBeGreaterThanOrEqual(timing.staleMs);
  });

  it("refuse an approval that was not answered", async () => {
    const runId = await answeredApproval("PENDING");
    let made = 0;
    await expect(createApprovedCalls(db(), runId, timing).once("agent:call-1", async () => ++made)).rejects.toThrow(/not an answered one/);
    expect(made).toBe(0);
  });
});
