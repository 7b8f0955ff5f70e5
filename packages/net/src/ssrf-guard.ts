// Outbound HTTP for user-configured URLs (HTTP request and MCP nodes). A request may only reach public
// unicast addresses unless the workspace allows the host by name. The check happens inside the
// connection's DNS lookup, so the socket connects to exactly the address that was checked (no window
// for DNS rebinding); IP literals are checked before connecting; redirects are followed by hand and
// every hop is checked again.
import dns from "node:dns";
import net from "node:net";
import type { CredentialHeader } from "@switchyard/engine";
import { AppError } from "@switchyard/errors";
import ipaddr from "ipaddr.js";
import { Agent, fetch, type RequestInit, type Response } from "undici";

export interface NetworkPolicy {
  /** Host names (or IP literals) a workspace owner allowed even though they resolve to private addresses. */
  allowedHosts: readonly string[];
  /** Which addresses are refused and how the refusal reads; tool nodes use the default, `publicOnly`. */
  rule?: AddressRule;
}

/** What a guarded request may reach. */
export interface AddressRule {
  /** Tells connection pools apart: one rule's connections are never reused under another. */
  name: string;
  /** Why an address may not be reached, or null when it may. */
  reason(address: string): string | null;
  /** The error message for a refused request. */
  refusal(host: string, reason: string): string;
}

const rangeNames: Record<string, string> = {
  unspecified: "an unspecified",
  broadcast: "a broadcast",
  multicast: "a multicast",
  linkLocal: "a link-local",
  loopback: "a loopback",
  carrierGradeNat: "a carrier-grade NAT",
  private: "a private",
  uniqueLocal: "a private (unique local)",
  reserved: "a reserved",
};

/**
 * IPv6 forms that carry an IPv4 address a packet ends up at: IPv4-compatible (::a.b.c.d),
 * IPv4-translated (::ffff:0:a.b.c.d), NAT64 (64:ff9b::a.b.c.d), 6to4 (2002:AABB:CCDD::) and Teredo
 * (server and, inverted, client address). `[::7f00:1]` reaches 127.0.0.1 on many stacks, so these
 * are judged by the IPv4 addresses they carry.
 */
export function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4[] {
  const p = address.parts;
  const v4 = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  const zero = (from: number, to: number) => p.slice(from, to).every((part) => part === 0);
  if (zero(0, 6)) return [v4(p[6]!, p[7]!)];
  if (zero(0, 4) && p[4] === 0xffff && p[5] === 0) return [v4(p[6]!, p[7]!)];
  if (p[0] === 0x64 && p[1] === 0xff9b && zero(2, 6)) return [v4(p[6]!, p[7]!)];
  if (p[0] === 0x2002) return [v4(p[1]!, p[2]!)];
  if (p[0] === 0x2001 && p[1] === 0) return [v4(p[2]!, p[3]!), v4(~p[6]! & 0xffff, ~p[7]! & 0xffff)];
  return [];
}

/** Why an address may not be reached, or null for a public unicast address. */
export function blockedAddressReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  // IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it carries
  const parsed = ipaddr.process(address);
  const range = parsed.range();
  if (parsed.kind() === "ipv6" && range !== "unspecified" && range !== "loopback") {
    const carried = embeddedIPv4(parsed as ipaddr.IPv6);
    for (const ipv4 of carried) {
      const reason = blockedAddressReason(ipv4.toString());
      // "::7f00:1 carries 127.0.0.1, which is a loopback address"
      if (reason) return `${address} carries ${reason.replace(" is ", ", which is ")}`;
    }
    if (carried.length) return null;
  }
  if (range === "unicast") return null;
  if (parsed.toString() === "169.254.169.254") return `${address} is the cloud metadata address`;
  return `${address} is ${rangeNames[range] ?? `a special-purpose (${range})`} address`;
}

/** A request the guard refused; its message says why and how to allow it. */
export class BlockedRequestError extends AppError {
  constructor(message: string) {
    super("BAD_REQUEST", message);
  }
}

const normaliseHost = (host: string) => host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
/** Whether the workspace allowed this host by name (or IP literal). */
export const isAllowed = (policy: NetworkPolicy, host: string) =>
  policy.allowedHosts.some((allowed) => normaliseHost(allowed) === normaliseHost(host));

/** Tool nodes (HTTP request, MCP): public unicast addresses only, unless the workspace allows the host. */
export const publicOnly: AddressRule = {
  name: "public-only",
  reason: blockedAddressReason,
  refusal: (host, reason) => `Blocked request to ${host}: ${reason}. A workspace owner can allow this host under Settings → Network.`,
};
const ruleOf = (policy: NetworkPolicy) => policy.rule ?? publicOnly;
const blocked = (policy: NetworkPolicy, host: string, reason: string) => new BlockedRequestError(ruleOf(policy).refusal(host, reason));

type LookupCallback = (error: Error | null, address: string | dns.LookupAddress[], family?: number) => void;

/** A `lookup` for net.connect that refuses hosts resolving to any non-public address. */
function guardedLookup(policy: NetworkPolicy) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      if (!isAllowed(policy, hostname)) {
        for (const { address } of addresses) {
          const reason = ruleOf(policy).reason(address);
          if (reason) return callback(blocked(policy, hostname, `it resolves to ${reason}`), []);
        }
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      if (!first) return callback(new Error(`${hostname} has no address`), []);
      callback(null, first.address, first.family);
    });
  };
}

// One connection pool per allowlist, so a connection opened under one workspace's policy is never
// reused under another's.
const agents = new Map<string, Agent>();
function agentFor(policy: NetworkPolicy): Agent {
  const key = `${ruleOf(policy).name}\u0000${[...policy.allowedHosts].map(normaliseHost).sort().join(" ")}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({ connect: { lookup: guardedLookup(policy) as never }, keepAliveTimeout: 10_000 });
    agents.set(key, agent);
  }
  return agent;
}

/** Refuses a URL the guard can judge without DNS: its scheme and an IP-literal host. */
export function checkUrl(url: URL, policy: NetworkPolicy): void {
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new BlockedRequestError(`Blocked request to ${url.protocol}//…: only http and https URLs are allowed`);
  const host = normaliseHost(url.hostname);
  if (net.isIP(host) && !isAllowed(policy, host)) {
    const reason = ruleOf(policy).reason(host);
    if (reason) throw blocked(policy, url.hostname, reason);
  }
}

/** `api.example.com`, `api.example.com:8443` (that port only) or `*.example.com` (its subdomains). */
function hostMatches(pattern: string, url: URL): boolean {
  const wanted = pattern.trim().toLowerCase();
  if (wanted.startsWith("*.")) return url.hostname.endsWith(wanted.slice(1));
  return /:\d+$/.test(wanted) && !wanted.endsWith("]") ? url.host === wanted : url.hostname === wanted;
}

/** Refuses to send an HTTP credential to a host it is not bound to (an empty list binds it to none). */
export function checkCredentialHost(url: URL, credential: CredentialHeader | undefined): void {
  if (!credential?.allowedHosts.length || credential.allowedHosts.some((pattern) => hostMatches(pattern, url))) return;
  throw new BlockedRequestError(
    `The HTTP credential for the ${credential.name} header may only be sent to ${credential.allowedHosts.join(", ")}, not to ${url.host}; a workspace editor can change its hosts under Settings → Network`,
  );
}

/**
 * Refuses a URL outside a node's own host list (empty: no narrowing). The list only narrows: a host in
 * it must still pass the address rule and the workspace's allowed hosts, so it can never widen them.
 */
export function checkNodeHost(url: URL, onlyHosts: readonly string[] | undefined): void {
  if (!onlyHosts?.length || onlyHosts.some((pattern) => hostMatches(pattern, url))) return;
  throw new BlockedRequestError(
    `Blocked request to ${url.host}: this node may only reach ${onlyHosts.join(", ")}; an editor can change its allowed hosts in the node's settings`,
  );
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const maxRedirects = 5;
/** Headers that carry credentials whoever set them; with the HTTP credential's own, never sent on to another origin. */
const credentialHeaders = ["authorization", "cookie", "proxy-authorization"];

export type GuardedRequestInit = Omit<RequestInit, "dispatcher" | "redirect"> & {
  headers?: Record<string, string>;
  /** Added to the request's headers for its first origin only, and only if that host is one the credential is bound to. */
  credential?: CredentialHeader;
  /** false: a redirect is returned as it is, never followed (for requests whose headers all carry secrets). */
  followRedirects?: boolean;
  /** The node's own host list, checked on every hop before connecting (see checkNodeHost). */
  onlyHosts?: readonly string[];
  /** Told each redirect's target before it is checked and requested (for the trace). */
  onRedirect?: (url: URL) => void;
};

/** Sends one hop of a guarded request through the policy's pool, returning a redirect as it is. */
export type HopSender = (url: URL, init: Omit<RequestInit, "redirect"> & { dispatcher: Agent }) => Promise<Response>;
const fetchHop: HopSender = (url, init) => fetch(url, { ...init, redirect: "manual" });

/**
 * fetch() through the guard: every hop's address checked, at most five redirects. `sendHop` replaces
 * undici's fetch() for each hop (the model providers' lighter client, light-fetch.ts).
 */
export async function guardedFetch(
  input: string | URL,
  init: GuardedRequestInit,
  policy: NetworkPolicy,
  sendHop: HopSender = fetchHop,
): Promise<Response> {
  let url = new URL(input);
  const { credential, followRedirects = true, onlyHosts, onRedirect, ...rest } = init;
  checkCredentialHost(url, credential);
  let request = { ...rest, headers: { ...rest.headers, ...(credential && { [credential.name]: credential.value }) } };
  const stripped = new Set([...credentialHeaders, ...(credential ? [credential.name.toLowerCase()] : [])]);
  for (let hop = 0; ; hop++) {
    checkNodeHost(url, onlyHosts);
    checkUrl(url, policy);
    let response: Response;
    try {
      response = await sendHop(url, { ...request, dispatcher: agentFor(policy) });
    } catch (error) {
      throw findBlockedError(error) ?? error;
    }
    const location = response.headers.get("location");
    if (!followRedirects || !redirectStatuses.has(response.status) || !location) return response;
    await response.body?.cancel();
    if (hop >= maxRedirects) throw new AppError("BAD_REQUEST", `Too many redirects (more than ${maxRedirects})`);
    const next = new URL(location, url);
    if (next.origin !== url.origin)
      request = {
        ...request,
        headers: Object.fromEntries(Object.entries(request.headers).filter(([name]) => !stripped.has(name.toLowerCase()))),
      };
    // 303, and 301/302 after a POST, turn into a GET without a body (as browsers do)
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && request.method === "POST"))
      request = { ...request, method: "GET", body: undefined };
    url = next;
    onRedirect?.(url);
  }
}

export interface GuardedRequestOptions {
  method: "GET" | "POST" | "PUT";
  headers: Record<string, string>;
  body?: Uint8Array | string;
  signal?: AbortSignal;
}

/**
 * One request through the guard with undici's dispatcher API rather than fetch(): no WHATWG streams or
 * copies of the body, for callers that send many large bodies (the OTLP exporter). The address is
 * checked exactly as guardedFetch checks it (IP literals here, names in the connection's lookup, the
 * same per-policy pool); a redirect is returned as it is, never followed. The caller reads or dumps
 * the body.
 */
export async function guardedRequest(input: string | URL, options: GuardedRequestOptions, policy: NetworkPolicy) {
  const url = new URL(input);
  checkUrl(url, policy);
  try {
    return await agentFor(policy).request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: options.method,
      headers: options.headers,
      body: options.body,
      signal: options.signal,
    });
  } catch (error) {
    throw findBlockedError(error) ?? error;
  }
}

/** Clients wrap connection errors (undici's "fetch failed", the MCP SDK's); the guard's refusal is in the cause chain. */
export function findBlockedError(error: unknown): BlockedRequestError | undefined {
  for (let current = error; current instanceof Error; current = current.cause) if (current instanceof BlockedRequestError) return current;
  return undefined;
}
