// Each scenario drives the running platform, measures, and returns plain figures. The chaos tests
// run them small and assert on the figures; `npm run bench:load` runs them at full size and writes
// the figures to bench/results/.
import pg from "pg";
import { summarize } from "../../bench/support/stats";
import type { FailureSpec } from "../fixtures/providers/types";
import { completion, publicChat, type ChaosPlatform, type Outcome } from "./harness";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function tally(outcomes: Outcome[]) {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) {
    const key = outcome.kind === "rejected" ? `rejected ${outcome.status}` : outcome.kind;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Queries the platform's database directly (the figures check what was stored, not what was said). */
async function query<Row extends pg.QueryResultRow>(platform: ChaosPlatform, text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: platform.databaseUrl });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/**
 * A run's finish is announced before its record is stored (docs/reliability.md, "Finish before it is
 * stored"), and the write waits out an outage for up to 30 s: this waits, up to a little more than
 * that, until every given run's row has ended, so that what is counted below is what was stored for
 * good, not a write still on its way. A run never stored still counts, after the wait.
 */
async function awaitRunsEnded(platform: ChaosPlatform, runIds: string[], timeoutMs = 35_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await query<{ ended: string }>(
      platform,
      `SELECT count(*) AS ended FROM "Run" WHERE id = ANY($1) AND status NOT IN ('QUEUED', 'RUNNING')`,
      [runIds],
    );
    if (Number(row!.ended) >= runIds.length || Date.now() > deadline) return;
    await sleep(100);
  }
}

/**
 * Acknowledged messages (the client got a reply) whose run is not stored as succeeded with that
 * reply: each one is a message the platform said it handled and then lost.
 */
export async function lostMessages(platform: ChaosPlatform, outcomes: Outcome[]): Promise<number> {
  const acknowledged = outcomes.filter((outcome) => outcome.kind === "ok" && outcome.runId);
  if (!acknowledged.length) return 0;
  await awaitRunsEnded(
    platform,
    acknowledged.map((outcome) => outcome.runId!),
  );
  const rows = await query<{ id: string; status: string; reply: string | null }>(
    platform,
    `SELECT id, status, output->>'text' AS reply FROM "Run" WHERE id = ANY($1)`,
    [acknowledged.map((outcome) => outcome.runId)],
  );
  const stored = new Map(rows.map((row) => [row.id, row]));
  return acknowledged.filter((outcome) => {
    const row = stored.get(outcome.runId!);
    return row?.status !== "SUCCEEDED" || row.reply !== outcome.reply;
  }).length;
}

/** `sessions` concurrent conversations of `messages` messages each, through the widget endpoint or the OpenAI-compatible one. */
export async function loadScenario(
  platform: ChaosPlatform,
  options: { sessions: number; messages: number; via: "public" | "v1"; providerLatencyMs: number },
) {
  const { baseUrl, bot } = platform;
  const outcomes: Outcome[] = [];
  const began = performance.now();
  await Promise.all(
    Array.from({ length: options.sessions }, async (_, session) => {
      const sessionId = `load-${session}-${Date.now().toString(36)}`;
      const history: { role: string; content: string }[] = [];
      for (let turn = 0; turn < options.messages; turn++) {
        const message = `session ${session} message ${turn}`;
        const outcome =
          options.via === "public"
            ? await publicChat(baseUrl, bot.publicId, sessionId, message, 120_000)
            : await completion(baseUrl, bot.apiKey, bot.slug, [...history, { role: "user", content: message }], 120_000);
        outcomes.push(outcome);
        history.push({ role: "user", content: message }, { role: "assistant", content: outcome.reply ?? "" });
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  const ok = outcomes.filter((outcome) => outcome.kind === "ok");
  return {
    via: options.via === "public" ? "POST /api/public/chat (SSE)" : "POST /api/v1/chat/completions",
    sessions: options.sessions,
    messagesPerSession: options.messages,
    messages: outcomes.length,
    outcomes: tally(outcomes),
    errors: outcomes.length - ok.length,
    lost: await lostMessages(platform, outcomes),
    seconds: Math.round(seconds * 10) / 10,
    requestsPerSecond: Math.round((outcomes.length / seconds) * 10) / 10,
    latencyMs: summarize(ok.map((outcome) => outcome.ms)),
    // what the platform adds to the provider's own time (the fixture's fixed latency)
    addedLatencyMs: summarize(ok.map((outcome) => outcome.ms - options.providerLatencyMs)),
  };
}

/** Runs in the database that did not end, and steps recorded twice for the same node of a run. */
async function runIntegrity(platform: ChaosPlatform, runIds: string[]) {
  await awaitRunsEnded(platform, runIds);
  const [statuses, duplicates, failedWithoutReason] = await Promise.all([
    query<{ status: string; count: string }>(platform, `SELECT status, count(*) FROM "Run" WHERE id = ANY($1) GROUP BY status`, [runIds]),
    query<{ count: string }>(
      platform,
      `SELECT count(*) FROM (SELECT 1 FROM "RunStep" WHERE "runId" = ANY($1) GROUP BY "runId", "nodeId" HAVING count(*) > 1) d`,
      [runIds],
    ),
    query<{ count: string }>(platform, `SELECT count(*) FROM "Run" WHERE id = ANY($1) AND status = 'FAILED' AND coalesce(error, '') = ''`, [
      runIds,
    ]),
  ]);
  const byStatus = Object.fromEntries(statuses.map((row) => [row.status, Number(row.count)]));
  const stored = Object.values(byStatus).reduce((sum, count) => sum + count, 0);
  return {
    byStatus,
    notStored: runIds.length - stored,
    stuck: (byStatus.QUEUED ?? 0) + (byStatus.RUNNING ?? 0),
    duplicatedSteps: Number(duplicates[0]!.count),
    failedWithoutReason: Number(failedWithoutReason[0]!.count),
  };
}

/**
 * `runs` messages in flight (the provider answers slowly), then SIGKILL one worker, then the other,
 * then start two new ones. Every run must end succeeded or failed with a reason, once.
 */
export async function workerCrashScenario(platform: ChaosPlatform, options: { runs: number; providerLatencyMs: number }) {
  const { baseUrl, bot, fixture } = platform;
  fixture.setBehavior({ latencyMs: options.providerLatencyMs });
  const pending = Array.from({ length: options.runs }, (_, index) =>
    publicChat(baseUrl, bot.publicId, `crash-${index}-${Date.now().toString(36)}`, `crash ${index}`, 180_000),
  );
  const deadline = Date.now() + 30_000;
  while (fixture.stats.inFlight < options.runs && Date.now() < deadline) await sleep(50);
  const inFlightAtFirstKill = fixture.stats.inFlight;
  const [first, second] = platform.workers;
  first!.child.kill("SIGKILL");
  await sleep(500);
  second!.child.kill("SIGKILL");
  await sleep(500);
  const restartBegan = performance.now();
  await Promise.all([platform.addWorker(), platform.addWorker()]);
  const restartMs = performance.now() - restartBegan;
  const outcomes = await Promise.all(pending);
  fixture.setBehavior(null);
  const runIds = outcomes.flatMap((outcome) => (outcome.runId ? [outcome.runId] : []));
  return {
    runs: options.runs,
    inFlightAtFirstKill,
    workerRestartMs: Math.round(restartMs),
    clientOutcomes: tally(outcomes),
    ...(await runIntegrity(platform, runIds)),
    lost: await lostMessages(platform, outcomes),
    secondsToSettle: Math.round(Math.max(...outcomes.map((outcome) => outcome.ms)) / 100) / 10,
  };
}

/**
 * `runs` messages in flight, then SIGTERM the first worker (a rolling update, a scale-down) and send
 * `after` more. The stopping worker must take none of the later ones, finish or hand back the runs
 * it holds, and exit 0; every run must end once, succeeded, with no step recorded twice.
 */
export async function workerShutdownScenario(platform: ChaosPlatform, options: { runs: number; after: number; providerLatencyMs: number }) {
  const { baseUrl, bot, fixture } = platform;
  fixture.setBehavior({ latencyMs: options.providerLatencyMs });
  const send = (label: string, index: number) =>
    publicChat(baseUrl, bot.publicId, `${label}-${index}-${Date.now().toString(36)}`, `${label} ${index}`, 120_000);
  const pending = Array.from({ length: options.runs }, (_, index) => send("before", index));
  const deadline = Date.now() + 30_000;
  while (fixture.stats.inFlight < options.runs && Date.now() < deadline) await sleep(50);
  const inFlightAtSignal = fixture.stats.inFlight;
  const stopping = platform.workers[0]!;
  const signalledAt = performance.now();
  const exited = new Promise<number | null>((resolve) => stopping.child.once("exit", (code) => resolve(code)));
  stopping.child.kill("SIGTERM");
  await sleep(200);
  pending.push(...Array.from({ length: options.after }, (_, index) => send("after", index)));
  const exitCode = await exited;
  const exitMs = performance.now() - signalledAt;
  const outcomes = await Promise.all(pending);
  fixture.setBehavior(null);
  const runIds = outcomes.flatMap((outcome) => (outcome.runId ? [outcome.runId] : []));
  const log = stopping.output();
  return {
    runs: pending.length,
    inFlightAtSignal,
    exitCode,
    exitMs: Math.round(exitMs),
    handedBack: Number(/handing back (\d+) runs/.exec(log)?.[1] ?? 0),
    finishedBeforeExit: /worker \d+: stopped/.test(log),
    clientOutcomes: tally(outcomes),
    ...(await runIntegrity(platform, runIds)),
    lost: await lostMessages(platform, outcomes),
  };
}

/**
 * Steady chat traffic while Redis or PostgreSQL is killed (SIGKILL / immediate shutdown) and
 * started again. Requests during the outage must be refused quickly (503), none may hang, and the
 * platform must serve again afterwards without being restarted.
 */
export async function outageScenario(
  platform: ChaosPlatform,
  options: { service: "redis" | "postgres"; sessions: number; beforeMs: number; outageMs: number; afterMs: number; patienceMs: number },
) {
  const service = options.service === "redis" ? platform.redis : platform.postgres;
  if (!service) throw new Error(`the platform was not started on a private ${options.service}`);
  const { baseUrl, bot } = platform;
  const records: { at: number; outcome: Outcome }[] = [];
  const start = performance.now();
  let running = true;
  const loops = Array.from({ length: options.sessions }, async (_, session) => {
    const sessionId = `outage-${session}-${Date.now().toString(36)}`;
    for (let turn = 0; running; turn++) {
      const at = performance.now() - start;
      const outcome = await publicChat(baseUrl, bot.publicId, sessionId, `outage ${session} ${turn}`, options.patienceMs);
      records.push({ at, outcome });
      if (outcome.kind !== "ok") await sleep(100); // a client backs off a little after an error
    }
  });
  // conversations wait for their answers; new visitors keep arriving regardless, ten a second
  const arrivals: Promise<void>[] = [];
  const arriving = (async () => {
    for (let visitor = 0; running; visitor++) {
      const at = performance.now() - start;
      const sessionId = `visitor-${visitor}-${Date.now().toString(36)}`;
      arrivals.push(
        publicChat(baseUrl, bot.publicId, sessionId, `visitor ${visitor}`, options.patienceMs).then(
          (outcome) => void records.push({ at, outcome }),
        ),
      );
      await sleep(100);
    }
  })();
  await sleep(options.beforeMs);
  const downAt = performance.now() - start;
  await service.kill();
  await sleep(options.outageMs);
  await service.start();
  const upAt = performance.now() - start;
  await sleep(options.afterMs);
  running = false;
  await Promise.all([...loops, arriving]);
  await Promise.all(arrivals);

  const during = records.filter((record) => record.at >= downAt && record.at < upAt).map((record) => record.outcome);
  const after = records.filter((record) => record.at >= upAt).map((record) => record.outcome);
  const firstOkAfter = Math.min(
    ...records.filter((record) => record.at >= upAt && record.outcome.kind === "ok").map((record) => record.at),
  );
  // after the run: one more message per session, which must all be answered
  const recovery = await Promise.all(
    Array.from({ length: options.sessions }, (_, session) =>
      publicChat(baseUrl, bot.publicId, `recovered-${session}-${Date.now().toString(36)}`, `recovered ${session}`, options.patienceMs),
    ),
  );
  const all = [...records.map((record) => record.outcome), ...recovery];
  return {
    service: options.service,
    sessions: options.sessions,
    outageMs: Math.round(upAt - downAt),
    requests: records.length,
    before: tally(records.filter((record) => record.at < downAt).map((record) => record.outcome)),
    during: tally(during),
    // how fast a refused request was refused
    refusedLatencyMs: summarize(during.filter((outcome) => outcome.kind === "rejected").map((outcome) => outcome.ms)),
    after: tally(after),
    msFromRestartToFirstAnswer: Number.isFinite(firstOkAfter) ? Math.round(firstOkAfter - upAt) : null,
    recovery: tally(recovery),
    hung: all.filter((outcome) => outcome.kind === "hung").length,
    internalErrors: all.filter((outcome) => outcome.status >= 500 && outcome.status !== 503).length,
    lost: await lostMessages(platform, all),
  };
}

/** A seeded mix: `rate` of the provider calls fail, split evenly between 429, 500 and a hang. */
export function faultPlan(calls: number, rate: number, seed = 7): FailureSpec[] {
  let state = seed;
  const random = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const modes: FailureSpec[] = [{ mode: "429", retryAfterSeconds: 1 }, { mode: "500" }, { mode: "hang" }];
  return Array.from({ length: calls }, () => (random() < rate ? modes[Math.floor(random() * modes.length)]! : { mode: "ok" }));
}

/**
 * `messages` chats while the provider fails `rate` of its calls. With independent failures and
 * `maxRetries` retries a message fails only if every attempt does: success = 1 − rate^(maxRetries+1).
 */
export async function providerFaultScenario(
  platform: ChaosPlatform,
  options: { messages: number; concurrency: number; rate: number; maxRetries: number },
) {
  const { baseUrl, bot, fixture } = platform;
  fixture.reset();
  fixture.setBehavior({ latencyMs: 50, failures: faultPlan(options.messages * (options.maxRetries + 1), options.rate) });
  const outcomes: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.messages) {
        const index = next++;
        outcomes.push(await publicChat(baseUrl, bot.publicId, `faults-${index}-${Date.now().toString(36)}`, `faults ${index}`, 120_000));
      }
    }),
  );
  const stats = { ...fixture.stats };
  fixture.setBehavior(null);
  const runIds = outcomes.flatMap((outcome) => (outcome.runId ? [outcome.runId] : []));
  const steps = await query<{ attempts: number; status: string; recorded: number; failedAttempts: number }>(
    platform,
    `SELECT attempts, status::text, jsonb_array_length(detail->'attempts') AS recorded,
            (SELECT count(*) FROM jsonb_array_elements(detail->'attempts') a WHERE a ? 'error')::int AS "failedAttempts"
       FROM "RunStep" WHERE "runId" = ANY($1) AND "nodeType" = 'model'`,
    [runIds],
  );
  const succeeded = outcomes.filter((outcome) => outcome.kind === "ok").length;
  return {
    messages: options.messages,
    faultRate: options.rate,
    maxRetries: options.maxRetries,
    promisedSuccessRate: Math.round((1 - options.rate ** (options.maxRetries + 1)) * 1000) / 1000,
    successRate: Math.round((succeeded / outcomes.length) * 1000) / 1000,
    clientOutcomes: tally(outcomes),
    providerCalls: (stats.byPath["/v1/chat/completions"] ?? 0) as number,
    injected: stats.failuresInjected,
    attemptsInTraces: steps.reduce((sum, step) => sum + step.attempts, 0),
    stepsWhoseTraceMissesAnAttempt: steps.filter((step) => step.recorded !== step.attempts).length,
    failedAttemptsInTraces: steps.reduce((sum, step) => sum + step.failedAttempts, 0),
    lost: await lostMessages(platform, outcomes),
  };
}

/**
 * Steady chat traffic (conversations plus ten new visitors a second) while `failover` takes a node
 * away and resolves once the backing service serves again (a Redis Cluster master killed and its
 * replica promoted). Requests meanwhile must be answered or refused with a 503, none may hang, every
 * run must end stored once, and afterwards every session is answered by the same processes.
 */
export async function failoverScenario(
  platform: ChaosPlatform,
  options: { sessions: number; beforeMs: number; afterMs: number; patienceMs: number; failover: () => Promise<void> },
) {
  const { baseUrl, bot } = platform;
  const records: { at: number; outcome: Outcome }[] = [];
  const start = performance.now();
  let running = true;
  const loops = Array.from({ length: options.sessions }, async (_, session) => {
    const sessionId = `failover-${session}-${Date.now().toString(36)}`;
    for (let turn = 0; running; turn++) {
      const at = performance.now() - start;
      const outcome = await publicChat(baseUrl, bot.publicId, sessionId, `failover ${session} ${turn}`, options.patienceMs);
      records.push({ at, outcome });
      if (outcome.kind !== "ok") await sleep(100);
    }
  });
  const arrivals: Promise<void>[] = [];
  const arriving = (async () => {
    for (let visitor = 0; running; visitor++) {
      const at = performance.now() - start;
      arrivals.push(
        completion(baseUrl, bot.apiKey, bot.slug, [{ role: "user", content: `visitor ${visitor}` }], options.patienceMs).then(
          (outcome) => void records.push({ at, outcome }),
        ),
      );
      await sleep(100);
    }
  })();
  await sleep(options.beforeMs);
  const downAt = performance.now() - start;
  await options.failover();
  const upAt = performance.now() - start;
  await sleep(options.afterMs);
  running = false;
  await Promise.all([...loops, arriving]);
  await Promise.all(arrivals);

  const during = records.filter((record) => record.at >= downAt && record.at < upAt).map((record) => record.outcome);
  const after = records.filter((record) => record.at >= upAt).map((record) => record.outcome);
  const recovery = await Promise.all(
    Array.from({ length: options.sessions }, (_, session) =>
      publicChat(baseUrl, bot.publicId, `recovered-${session}-${Date.now().toString(36)}`, `recovered ${session}`, options.patienceMs),
    ),
  );
  const all = [...records.map((record) => record.outcome), ...recovery];
  // runs that were accepted (they have an id) end stored, whatever their client heard: give the
  // retried ones a moment to finish
  const runIds = all.flatMap((outcome) => (outcome.runId ? [outcome.runId] : []));
  let integrity = await runIntegrity(platform, runIds);
  for (let waited = 0; integrity.stuck > 0 && waited < 15_000; waited += 500) {
    await sleep(500);
    integrity = await runIntegrity(platform, runIds);
  }
  return {
    sessions: options.sessions,
    failoverMs: Math.round(upAt - downAt),
    requests: records.length,
    before: tally(records.filter((record) => record.at < downAt).map((record) => record.outcome)),
    during: tally(during),
    answeredLatencyMsDuring: summarize(during.filter((outcome) => outcome.kind === "ok").map((outcome) => outcome.ms)),
    refusedLatencyMs: summarize(during.filter((outcome) => outcome.kind === "rejected").map((outcome) => outcome.ms)),
    after: tally(after),
    recovery: tally(recovery),
    hung: all.filter((outcome) => outcome.kind === "hung").length,
    internalErrors: all.filter((outcome) => outcome.status >= 500 && outcome.status !== 503).length,
    lost: await lostMessages(platform, all),
    runs: runIds.length,
    ...integrity,
  };
}
