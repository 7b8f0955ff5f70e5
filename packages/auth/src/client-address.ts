// The client address that per-address limits (sign-ups, failed sign-ins, public chat) count under.
// Next.js route handlers never see the socket: `next start` copies the peer address into
// X-Forwarded-For only when the request has none, so whatever a client writes there reaches us as is.
// The header is therefore believed only as far as TRUST_PROXY says proxies in front of us wrote it.

type HeaderBag = Headers | Record<string, string | string[] | undefined> | undefined;

function forwardedFor(headers: HeaderBag): string[] {
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers?.["x-forwarded-for"];
  return (Array.isArray(raw) ? raw.join(",") : (raw ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/**
 * With `trustedProxies` reverse proxies in front of the web app, each appending the address it saw,
 * the client is the entry that many places from the right of X-Forwarded-For (Express's hop-count
 * `trust proxy`). Entries further left are the client's own words and are never used.
 *
 * Null when the address is unknown (no trusted proxy, or none wrote the header): per-address limits
 * then do not apply, and the limits per account, deployment and API key still hold. Counting every
 * unknown client as one address instead would let anyone lock everyone out of signing in, and would
 * cap a published bot's whole audience at one visitor's allowance.
 */
export function clientAddress(headers: HeaderBag, trustedProxies: number): string | null {
  if (trustedProxies < 1) return null;
  const hops = forwardedFor(headers);
  // fewer entries than proxies: the request skipped a proxy, so the furthest address seen is the best
  // there is (Express does the same)
  return hops[Math.max(0, hops.length - trustedProxies)] ?? null;
}
