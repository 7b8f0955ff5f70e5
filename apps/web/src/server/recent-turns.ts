// The widget and the MCP endpoint read a conversation's history from PostgreSQL with each message. A
// run is announced before its finish is stored (docs/reliability.md, "Finish before it is stored"), so
// the caller's next message can arrive first: the turns this process answered lately are kept here for as long as a store
// can take, and added to the history when PostgreSQL does not list them yet.
import type { RecentTurn } from "@switchyard/db";

/** Longer than the worker's write can take (it retries through a database outage for 30 s). */
const KEEP_MS = 40_000;
const MAX_SESSIONS = 50_000;
/** The history holds at most this many turns (sessionHistory's default), so no more are kept. */
const MAX_TURNS = 20;

interface Kept {
  turns: RecentTurn[];
  /** When the newest turn was kept. */
  at: number;
}

/** Session → its turns kept, least recently answered session first (a Map keeps insertion order). */
const kept = new Map<string, Kept>();

export function rememberTurn(sessionId: string, turn: Omit<RecentTurn, "at">): void {
  const now = Date.now();
  const entry = kept.get(sessionId);
  const turns = entry ? entry.turns.filter((each) => each.at > now - KEEP_MS) : [];
  turns.push({ ...turn, at: now });
  if (turns.length > MAX_TURNS) turns.splice(0, turns.length - MAX_TURNS);
  kept.delete(sessionId); // re-inserted last: the Map stays ordered by the newest turn
  kept.set(sessionId, { turns, at: now });
  for (const [oldest, { at }] of kept) {
    if (at > now - KEEP_MS && kept.size <= MAX_SESSIONS) break;
    kept.delete(oldest);
  }
}

/** The session's turns answered here in the last KEEP_MS, oldest first. */
export function recentTurns(sessionId: string): RecentTurn[] {
  const entry = kept.get(sessionId);
  if (!entry) return [];
  const since = Date.now() - KEEP_MS;
  return entry.turns.filter((turn) => turn.at > since);
}
