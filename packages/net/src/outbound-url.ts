// Judges a URL a workspace saves for the worker to call later (an OpenTelemetry collector): the same
// rule as the HTTP request node's guard, with the workspace's allowed hosts, checked before anything
// is stored. The guard checks again, inside the connection's DNS lookup, on every request.
import dns from "node:dns/promises";
import net from "node:net";
import { checkUrl, isAllowed, publicOnly, type NetworkPolicy } from "./ssrf-guard";

const LOOKUP_PATIENCE_MS = 2_000;

/**
 * Why the guard would refuse this URL, or null. A name is resolved here, and refused when any of its
 * addresses is; a name that does not resolve (or not within 2 s) is left to the guard at request time,
 * since the worker may see another network.
 */
export async function outboundUrlProblem(input: string, policy: NetworkPolicy): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return "Enter a full URL such as https://collector.example.com/v1/traces";
  }
  try {
    checkUrl(url, policy);
  } catch (error) {
    return (error as Error).message;
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  // IP literals were judged by checkUrl; an allowed name may resolve anywhere
  if (net.isIP(host) || isAllowed(policy, host)) return null;
  const addresses = await Promise.race([
    dns.lookup(host, { all: true }).catch(() => []),
    new Promise<[]>((resolve) => setTimeout(resolve, LOOKUP_PATIENCE_MS, []).unref()),
  ]);
  const rule = policy.rule ?? publicOnly;
  for (const { address } of addresses) {
    const reason = rule.reason(address);
    if (reason) return rule.refusal(url.hostname, `it resolves to ${reason}`);
  }
  return null;
}
