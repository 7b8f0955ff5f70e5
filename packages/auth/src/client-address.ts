// The client address that per-address limits (sign-ups, failed sign-ins, public chat) count under.
// Next.js route handlers never see the socket: `next start` copies the peer address into
// X-Forwarded-For only when the request has none, so whatever a client writes there reaches us as is.
// The header is therefore believed only as far as TRUST_PROXY says proxies in front of us wrote it.

type HeaderBag = Headers | Record<string, string | string[] | undefined> | undefined;

/**
 * The one bucket every client shares when no trusted proxy names them: per-address limits then act
 * as limits for the whole installation, which a spoofed header cannot get around.
 */
export const SHARED_CLIENT_ADDRESS = "direct";

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
 */
export function clientAddress(headers: HeaderBag, trustedProxies: number): string {
  if (trustedProxies < 1) return SHARED_CLIENT_ADDRESS;
  const hops = forwardedFor(headers);
  // fewer entries than proxies: the request skipped a proxy, so the furthest address seen is the best
  // there is (Express does the same)
  return hops[Math.max(0, hops.length - trustedProxies)] ?? SHARED_CLIENT_ADDRESS;
}
