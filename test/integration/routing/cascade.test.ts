// A cascade in a real worker against the wire-format fixture: the cheap model answers first, a JSON
// schema verifier (no expected value needed) rejects its low-confidence answers, and exactly those
// items escalate to the strong model. Streamed tokens show only the accepted answer, the trace has every
// stage with its verdict, and the run's cost is the sum of all stages.
import { getRunWithSteps } from "@switchyard/db";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db, newBot } from "../support";
import { capitalsRows, isHard, routerFlow, startRoutingPlatform } from "./routing-harness";

let platform: Awaited<ReturnType<typeof startRoutingPlatform>>;
let workspaceId: string;
let credentialId: string;

beforeAll(async () => {
  platform = await startRoutingPlatform("cascade");
  ({ workspaceId, credentialId } = platform);
});

afterAll(async () => platform?.close());

it("escalates exactly the items whose cheap answers fail the verifier", async () => {
  const schema = JSON.stringify({ type: "object", properties: { confidence: { const: "high" } }, required: ["answer", "confidence"] });
  const graph = routerFlow({
    routes: [
      { name: "cheap", credentialId, model: "cheap-json" },
      { name: "strong", credentialId, model: "strong-json" },
    ],
    mode: "cascade",
    cascade: { kind: "json", schema },
  });
  const bot = await newBot(workspaceId, graph);
  const rows = capitalsRows(8);
  for (const row of rows) {
    const started = await platform.client.run({ workspaceId, botId: bot.id, graph, message: row.input });
    const finished = await started.finished;
    const hard = isHard(row.input);
    const answer = JSON.parse(finished.output as string) as { answer: string };
    expect(answer.answer).toBe(row.expected);
    // the held cheap answer never reached the stream
    const streamed = started.events.flatMap((event) => (event.type === "token" ? [event.text] : [])).join("");
    expect(streamed).not.toContain("Sydney");
    expect(streamed.replace(/\s/g, "")).toBe((finished.output as string).replace(/\s/g, ""));

    const trace = await getRunWithSteps(db(), workspaceId, started.runId);
    const stages = trace.steps.filter((step) => step.nodeId.startsWith("router/cascade-"));
    expect(stages.map((step) => step.model)).toEqual(hard ? ["cheap-json"] : []);
    const router = trace.steps.find((step) => step.nodeId === "router")!;
    expect(router.model).toBe(hard ? "strong-json" : "cheap-json");
    expect(router.detail).toMatchObject({
      route: hard ? "strong" : "cheap",
      stages: hard ? [{ verdict: "rejected" }, { verdict: "accepted" }] : [{ verdict: "accepted" }],
    });
    if (hard) expect(String((stages[0]!.output as { reason: string }).reason)).toContain("Does not match the schema");
    // the run costs every stage: the rejected cheap answer plus the strong one
    const total = trace.steps.reduce((sum, step) => sum + step.costUsd, 0);
    expect(trace.costUsd).toBeCloseTo(total, 12);
    expect(trace.costUsd).toBeGreaterThan(0);
    if (hard) expect(stages[0]!.costUsd).toBeGreaterThan(0);
  }
}, 60_000);
