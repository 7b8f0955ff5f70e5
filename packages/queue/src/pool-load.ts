// In-flight counts and cooldowns of pool members, shared by every worker process. Each call holds a
// token in its member's sorted set, scored with its lease's end, so a worker that crashes mid-call
// leaks nothing for longer than one lease. Choosing the member and counting the call happen in one
// script: two workers can never both see the same member as the least loaded and pile onto it.
import { randomUUID } from "node:crypto";
import type { RedisClient } from "./redis";

// KEYS[1] the pool's cooldown hash (member id → resting until, ms); KEYS[2..] each member's in-flight set.
// ARGV: now, token, lease end, lease ms, then per member: id, weight, skip (1/0).
// Returns {index (1-based, 0 = none), the earliest end of a rest among members not skipped}.
const acquireScript = `
local now = tonumber(ARGV[1])
local best, bestLoad, soonest = 0, 0, 0
for i = 1, #KEYS - 1 do
  local id = ARGV[5 + (i - 1) * 3]
  local weight = math.max(1, tonumber(ARGV[6 + (i - 1) * 3]))
  if ARGV[7 + (i - 1) * 3] ~= '1' then
    local resting = tonumber(redis.call('HGET', KEYS[1], id) or '0')
    if resting > now then
      if soonest == 0 or resting < soonest then soonest = resting end
    else
      redis.call('ZREMRANGEBYSCORE', KEYS[i + 1], '-inf', now)
      local load = redis.call('ZCARD', KEYS[i + 1]) / weight
      if best == 0 or load < bestLoad then best, bestLoad = i, load end
    end
  end
end
if best == 0 then return {0, soonest} end
redis.call('ZADD', KEYS[best + 1], ARGV[3], ARGV[2])
if redis.call('PTTL', KEYS[best + 1]) < tonumber(ARGV[4]) then redis.call('PEXPIRE', KEYS[best + 1], ARGV[4]) end
return {best, 0}`;

// Rests a member until now + ms unless it already rests longer; the hash lives as long as its longest rest.
const coolDownScript = `
local untilMs = tonumber(ARGV[2]) + tonumber(ARGV[3])
if tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0') < untilMs then redis.call('HSET', KEYS[1], ARGV[1], untilMs) end
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return 1`;

interface Member {
  id: string;
  weight: number;
}

type Slot = { index: number; release: () => Promise<void> } | { index: -1; coolingUntil: number };

// the braces keep a pool's keys in one hash slot, so the scripts also run on a Redis Cluster
const coolingKey = (poolId: string) => `pool:{${poolId}}:resting`;
const busyKey = (poolId: string, memberId: string) => `pool:{${poolId}}:busy:${memberId}`;

export class RedisPoolLoad {
  constructor(
    private readonly redis: RedisClient,
    private readonly clock: () => number = Date.now,
  ) {}

  async acquire(poolId: string, members: readonly Member[], skip: ReadonlySet<string>, leaseMs: number): Promise<Slot> {
    const token = randomUUID();
    const now = this.clock();
    const keys = [coolingKey(poolId), ...members.map((member) => busyKey(poolId, member.id))];
    const perMember = members.flatMap((member) => [member.id, String(member.weight), skip.has(member.id) ? "1" : "0"]);
    const [index, soonest] = (await this.redis.eval(
      acquireScript,
      keys.length,
      ...keys,
      now,
      token,
      now + leaseMs,
      leaseMs,
      ...perMember,
    )) as [number, number];
    if (index === 0) return { index: -1, coolingUntil: soonest };
    const key = keys[index]!;
    return { index: index - 1, release: async () => void (await this.redis.zrem(key, token)) };
  }

  async coolDown(poolId: string, memberId: string, ms: number): Promise<void> {
    await this.redis.eval(coolDownScript, 1, coolingKey(poolId), memberId, this.clock(), Math.max(1, Math.round(ms)));
  }

  /** Calls in flight per member right now (expired leases not counted), for tests and diagnostics. */
  async inFlight(poolId: string, memberIds: readonly string[]): Promise<number[]> {
    const now = this.clock();
    return Promise.all(memberIds.map((id) => this.redis.zcount(busyKey(poolId, id), `(${now}`, "+inf")));
  }
}
