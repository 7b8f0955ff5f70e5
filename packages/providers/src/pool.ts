// Pools: several credentials serving the same model. Which member takes a call (least in-flight per
// unit of weight among those not cooling down), how long a failing member rests, and which failures
// are the member's fault (fail over) rather than the request's (every member would refuse it too).
import { APICallError } from "ai";
import { retryAfterMs } from "./retry";

export interface PoolMember {
  /** The member row's id: cooldowns and in-flight counts are kept per member. */
  id: string;
  credentialId: string;
  /** The credential's name, for the trace (never its key). */
  name: string;
  /** The model this member serves when it differs from the node's. */
  model: string | null;
  weight: number;
}

export interface ResolvedPool {
  id: string;
  name: string;
  members: PoolMember[];
}

/** A member taken for one call; `release` gives its in-flight slot back. */
export type PoolSlot = { index: number; release: () => Promise<void> } | { index: -1; coolingUntil: number };

/** In-flight counts and cooldowns shared by every worker (Redis), or by one process (tests). */
export interface PoolLoad {
  /**
   * Takes the least-loaded member not in `skip` and not cooling down, counting the call against it
   * for at most `leaseMs` (so a crashed worker's count expires); when none is left, says until when
   * the first cooling one rests (0 when every member was skipped).
   */
  acquire(poolId: string, members: readonly PoolMember[], skip: ReadonlySet<string>, leaseMs: number): Promise<PoolSlot>;
  coolDown(poolId: string, memberId: string, ms: number): Promise<void>;
}

export const DEFAULT_COOLDOWN_MS = 30_000;
/** A Retry-After longer than this is capped: a member should come back within minutes. */
export const MAX_COOLDOWN_MS = 10 * 60_000;

export interface MemberState {
  inFlight: number;
  coolingUntil: number;
}

/**
 * The member a call should go to: the lowest in-flight count per unit of weight among members that
 * are neither skipped nor cooling; ties go to the earlier member. -1 when there is none.
 */
export function pickMember(members: readonly PoolMember[], states: readonly MemberState[], skip: ReadonlySet<string>, now: number): number {
  let best = -1;
  let bestLoad = Number.POSITIVE_INFINITY;
  members.forEach((member, index) => {
    const state = states[index]!;
    if (skip.has(member.id) || state.coolingUntil > now) return;
    const load = state.inFlight / Math.max(1, member.weight);
    if (load < bestLoad) [best, bestLoad] = [index, load];
  });
  return best;
}

/** How long a member rests after this failure: the provider's Retry-After when it sent one. */
export function cooldownFor(error: unknown, defaultMs = DEFAULT_COOLDOWN_MS): number {
  const asked = retryAfterMs(error);
  return Math.min(MAX_COOLDOWN_MS, asked !== undefined && asked > 0 ? asked : defaultMs);
}

/**
 * A failure another member might not have: rate limits, 5xx, timeouts, refused connections, a bad key
 * or an unknown model on that server. A malformed request (400, 413, 422) would fail on every member.
 */
export function isMemberFault(error: unknown): boolean {
  if (APICallError.isInstance(error)) return ![400, 413, 422].includes(error.statusCode ?? 0);
  return true;
}

/** In one process only: for unit tests and tools that run without Redis. */
export function createInProcessPoolLoad(clock: () => number = Date.now): PoolLoad {
  const inFlight = new Map<string, Map<string, number>>(); // member → token → lease end
  const cooling = new Map<string, number>();
  let next = 0;
  const leases = (memberId: string) => {
    const tokens = inFlight.get(memberId) ?? new Map<string, number>();
    inFlight.set(memberId, tokens);
    for (const [token, until] of tokens) if (until <= clock()) tokens.delete(token);
    return tokens;
  };
  return {
    async acquire(poolId, members, skip, leaseMs) {
      const now = clock();
      const states = members.map((member) => ({
        inFlight: leases(`${poolId}/${member.id}`).size,
        coolingUntil: cooling.get(`${poolId}/${member.id}`) ?? 0,
      }));
      const index = pickMember(members, states, skip, now);
      if (index < 0) {
        const resting = members.flatMap((member, i) => (skip.has(member.id) ? [] : [states[i]!.coolingUntil]));
        return { index: -1, coolingUntil: resting.length ? Math.min(...resting) : 0 };
      }
      const tokens = leases(`${poolId}/${members[index]!.id}`);
      const token = String(next++);
      tokens.set(token, now + leaseMs);
      return { index, release: async () => void tokens.delete(token) };
    },
    async coolDown(poolId, memberId, ms) {
      const key = `${poolId}/${memberId}`;
      cooling.set(key, Math.max(cooling.get(key) ?? 0, clock() + ms));
    },
  };
}
