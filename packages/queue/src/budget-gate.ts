// Run admission against monthly budgets, in one Redis round trip. Each scope (the workspace, and the
// deployment when there is one) keeps in Redis: its cap, this month's spend (seeded from PostgreSQL,
// added to as runs finish) and the most a run has cost; plus a hold per admitted run still in flight.
//
// The rule: a run is admitted while spend + holds < cap, and holds the scope's costliest run so far
// (or, before any run has finished, the whole remaining headroom). Admission and holds are atomic
// (one Lua script), so when the last run admitted below the cap finishes, spend is below
// cap + its cost: the overshoot is at most one run's cost, however many runs start at once, as long
// as no run costs more than the costliest before it (a run that sets a new record can overshoot by
// its own excess). Spend is re-read from PostgreSQL every RECONCILE_MS by one caller at a time: costs
// settled from the moment the re-read starts are added to what PostgreSQL returns, so a run finishing
// during a re-read may be counted twice until the next one (refusing a little early), never missed.
import { AppError } from "@switchyard/errors";
import { withCommand, type LuaCommand } from "./lua-command";
import type { RedisClient } from "./redis";

const RECONCILE_MS = 10 * 60_000;
/** A re-read that has not finished after this is taken over by the next caller. */
const LOAD_MS = 10_000;
/** Holds of runs that never finished (their worker died) lapse after this. */
const HOLD_MS = 60 * 60_000;

export interface BudgetFigures {
  capUsd: number | null;
  warnPercent: number;
  spentUsd: number;
  maxRunCostUsd: number | null;
}

export interface BudgetGateOptions {
  redis: RedisClient;
  /** Reads a scope's cap and month spend from PostgreSQL (deploymentId null: the workspace). */
  load: (scope: { workspaceId: string; deploymentId: string | null }, at: Date) => Promise<BudgetFigures>;
}

export interface RunCharge {
  runId: string;
  workspaceId: string;
  deploymentId: string | null;
  /** when the run was created: its cost counts in that month */
  createdAt: number;
  costUsd: number;
}

/** A settle's keys (state, holds per scope) and arguments, for `settleBudgetLua`. */
export interface BudgetSettlement {
  keys: string[];
  month: string;
  costUsd: number;
}

const month = (at: number) => new Date(at).toISOString().slice(0, 7);
type Scope = { workspaceId: string; deploymentId: string | null };
// The braces put a workspace's keys and its deployments' in one hash slot: admitting and settling a run
// touch both scopes in one script, which a Redis Cluster runs only on keys of one slot.
const scopeKey = (scope: Scope) => `budget:{${scope.workspaceId}}${scope.deploymentId ? `:dep:${scope.deploymentId}` : ""}`;
const stateKey = (scope: Scope) => `${scopeKey(scope)}:state`;
const holdsKey = (scope: Scope) => `${scopeKey(scope)}:holds`;

// KEYS: state, holds per scope. ARGV: run id, now (ms), month, hold ttl (ms).
// Returns {"ok"}, {"reload", scope index} or {"over", scope index, spent, held, cap}.
const admitScript = `
local runId, now, month, ttl = ARGV[1], tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4])
local amounts = {}
for i = 1, #KEYS, 2 do
  local state = redis.call('HMGET', KEYS[i], 'month', 'cap', 'spent', 'max', 'loading')
  if state[1] ~= month or state[5] == '1' then return {'reload', tostring((i + 1) / 2)} end
  if state[2] ~= '' then
    local cap, spent, held = tonumber(state[2]), tonumber(state[3]), 0
    local holds = redis.call('HGETALL', KEYS[i + 1])
    for j = 1, #holds, 2 do
      local amount, expires = string.match(holds[j + 1], '^([^:]+):(.+)$')
      if tonumber(expires) < now then redis.call('HDEL', KEYS[i + 1], holds[j]) else held = held + tonumber(amount) end
    end
    if spent + held >= cap then return {'over', tostring((i + 1) / 2), tostring(spent), tostring(held), tostring(cap)} end
    amounts[i] = state[4] ~= '' and tonumber(state[4]) or (cap - spent - held)
  end
end
for i, amount in pairs(amounts) do
  redis.call('HSET', KEYS[i + 1], runId, string.format('%.17g', amount) .. ':' .. (now + ttl))
  redis.call('PEXPIRE', KEYS[i + 1], ttl)
end
return {'ok'}`;

/**
 * The settle as a Lua function, shared with the script that appends a run's finish (run-events.ts), so
 * a run's charge and its announcement are one atomic step: `settle(first, runId, month, cost)` charges
 * the scopes whose (state, holds) keys are KEYS[first], KEYS[first + 1], … to the end.
 */
export const settleBudgetLua = `
local function settle(first, runId, month, costText)
  local cost = tonumber(costText)
  for i = first, #KEYS, 2 do
    redis.call('HDEL', KEYS[i + 1], runId)
    if redis.call('HGET', KEYS[i], 'month') == month then
      redis.call('HINCRBYFLOAT', KEYS[i], 'spent', costText)
      local max = redis.call('HGET', KEYS[i], 'max')
      if max == '' or tonumber(max) < cost then redis.call('HSET', KEYS[i], 'max', costText) end
    end
  end
end`;

// KEYS: state, holds per scope. ARGV: run id, month, cost.
const settleScript = `${settleBudgetLua}
settle(1, ARGV[1], ARGV[2], ARGV[3])
return 1`;

// Starts a re-read of a scope's figures unless they are current or another caller is reading them.
// Costs settled from now on accumulate in 'spent' and are added to PostgreSQL's figure when it lands.
// KEYS: state. ARGV: month, now (ms), load timeout (ms). Returns 'fresh', 'loading' or 'load'.
const beginLoadScript = `
local state = redis.call('HMGET', KEYS[1], 'month', 'loading', 'since')
if state[1] == ARGV[1] and state[2] ~= '1' then return 'fresh' end
if state[1] == ARGV[1] and state[2] == '1' and tonumber(state[3]) + tonumber(ARGV[3]) > tonumber(ARGV[2]) then return 'loading' end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'month', ARGV[1], 'loading', '1', 'since', ARGV[2], 'spent', '0', 'max', '')
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) * 2)
return 'load'`;

// KEYS: state. ARGV: month, cap ('' for none), warn %, spent, max run cost ('' unknown), ttl (ms).
const finishLoadScript = `
local state = redis.call('HMGET', KEYS[1], 'month', 'loading', 'max')
if state[1] ~= ARGV[1] or state[2] ~= '1' then return 0 end
redis.call('HINCRBYFLOAT', KEYS[1], 'spent', ARGV[4])
local max = state[3]
if ARGV[5] ~= '' and (max == '' or tonumber(max) < tonumber(ARGV[5])) then max = ARGV[5] end
redis.call('HSET', KEYS[1], 'cap', ARGV[2], 'warn', ARGV[3], 'max', max, 'loading', '0')
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[6]))
return 1`;

type RedisWithBudget = RedisClient & {
  admitBudget(numberOfKeys: number, ...keysThenArgs: (string | number)[]): Promise<string[]>;
  settleBudget(numberOfKeys: number, ...keysThenArgs: (string | number)[]): Promise<number>;
};

// run on every run start and finish
export const admitBudgetCommand: LuaCommand = { name: "admitBudget", lua: admitScript };
export const settleBudgetCommand: LuaCommand = { name: "settleBudget", lua: settleScript };

function withBudgetScripts(redis: RedisClient): RedisWithBudget {
  withCommand(redis, admitBudgetCommand);
  return withCommand<RedisWithBudget>(redis, settleBudgetCommand);
}

// fractions of a cent keep two significant digits ("$0.00012", not "$0.00")
const dollars = (value: number) => `$${value >= 0.01 ? value.toFixed(2) : Number(value.toPrecision(2))}`;

export function createBudgetGate({ redis, load }: BudgetGateOptions) {
  const scopesOf = (workspaceId: string, deploymentId: string | null): Scope[] => [
    { workspaceId, deploymentId: null },
    ...(deploymentId ? [{ workspaceId, deploymentId }] : []),
  ];
  const keysOf = (scopes: Scope[]) => scopes.flatMap((scope) => [stateKey(scope), holdsKey(scope)]);

  async function reload(scope: Scope, at: number) {
    const key = stateKey(scope);
    const started = await redis.eval(beginLoadScript, 1, key, month(at), Date.now(), LOAD_MS);
    if (started === "fresh") return;
    if (started === "loading") {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return;
    }
    const figures = await load(scope, new Date(at));
    await redis.eval(
      finishLoadScript,
      1,
      key,
      month(at),
      figures.capUsd ?? "",
      figures.warnPercent,
      figures.spentUsd,
      figures.maxRunCostUsd ?? "",
      RECONCILE_MS,
    );
  }

  return {
    /**
     * Admits a run or throws BUDGET_EXCEEDED. Call before enqueueing it; the runner settles it when it
     * finishes (release it yourself if it is never enqueued). One Redis round trip unless a scope's
     * figures must be (re)read from PostgreSQL (at most every 10 minutes per scope).
     */
    async admit(run: { runId: string; workspaceId: string; deploymentId: string | null; at?: number }): Promise<void> {
      const scopes = scopesOf(run.workspaceId, run.deploymentId);
      for (let attempt = 0; ; attempt++) {
        const at = run.at ?? Date.now();
        const result = await withBudgetScripts(redis).admitBudget(scopes.length * 2, ...keysOf(scopes), run.runId, at, month(at), HOLD_MS);
        if (result[0] === "ok") return;
        const scope = scopes[Number(result[1]) - 1]!;
        // while another caller re-reads the figures this waits ~20 ms per attempt, up to LOAD_MS
        if (result[0] === "reload" && attempt < LOAD_MS / 20) {
          await reload(scope, at);
          continue;
        }
        if (result[0] === "reload") throw new Error("budget figures could not be loaded");
        const [spent, held, cap] = result.slice(2).map(Number) as [number, number, number];
        const what = scope.deploymentId ? "This deployment" : "This workspace";
        const inFlight = held > 0 ? ` with ${dollars(held)} held for runs in progress` : "";
        throw new AppError(
          "BUDGET_EXCEEDED",
          `${what} has reached its monthly budget of ${dollars(cap)} (${dollars(spent)} spent${inFlight}). ` +
            `New runs are paused until the budget is raised or the month ends.`,
        );
      }
    },

    /**
     * What `settle` would send, for a script that settles the run together with other work (the
     * append of its finish): the scopes' keys and the month and cost to charge.
     */
    settlement(charge: RunCharge): BudgetSettlement {
      return { keys: keysOf(scopesOf(charge.workspaceId, charge.deploymentId)), month: month(charge.createdAt), costUsd: charge.costUsd };
    },

    /** Adds a finished run's cost to its scopes' month spend and drops its holds. */
    async settle(charge: RunCharge): Promise<void> {
      const scopes = scopesOf(charge.workspaceId, charge.deploymentId);
      await withBudgetScripts(redis).settleBudget(
        scopes.length * 2,
        ...keysOf(scopes),
        charge.runId,
        month(charge.createdAt),
        charge.costUsd,
      );
    },

    /** Drops an admitted run's holds without charging it (it was never enqueued). */
    async release(run: { runId: string; workspaceId: string; deploymentId: string | null }): Promise<void> {
      const scopes = scopesOf(run.workspaceId, run.deploymentId);
      await Promise.all(scopes.map((scope) => redis.hdel(holdsKey(scope), run.runId)));
    },

    /** Forgets a scope's figures (its budget changed): the next admission reads them again. */
    async forget(scope: Scope): Promise<void> {
      await redis.del(stateKey(scope));
    },
  };
}

export type BudgetGate = ReturnType<typeof createBudgetGate>;
