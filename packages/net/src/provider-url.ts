// Where a model provider may be reached. Providers legitimately run on loopback or a private network
// (Ollama, vLLM, a gateway in the same VPC), so the tool nodes' private-address block cannot apply to
// them; but no provider lives at a cloud metadata endpoint, whose answers include the machine's own
// cloud credentials, and only http(s) is spoken. The same rule holds when a credential is saved, when
// "Test connection" runs and on every model call (checked inside the connection's DNS lookup, as the
// tool nodes' guard does, so a name that resolves elsewhere later cannot slip past).
import dns from "node:dns/promises";
import net from "node:net";
import ipaddr from "ipaddr.js";
import { lightHop } from "./light-fetch";
import { BlockedRequestError, embeddedIPv4, guardedFetch, type AddressRule, type NetworkPolicy } from "./ssrf-guard";

/** Names of metadata services (GCP, AWS, Alibaba's DNS names): refused before any lookup. */
const METADATA_HOSTS = new Set(["metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal"]);

// fd00:ec2::/32 holds AWS's IPv6 metadata (fd00:ec2::254) and EKS pod identity (fd00:ec2::23) endpoints
const awsIPv6 = ipaddr.parseCIDR("fd00:ec2::/32");

/** Why a provider may not be reached at this address (a metadata endpoint), or null when it may. */
export function metadataAddressReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  const parsed = ipaddr.process(address); // ::ffff:169.254.169.254 is judged as 169.254.169.254
  if (parsed.kind() === "ipv4") {
    // AWS, Azure, GCP, Oracle and OpenStack answer at 169.254.169.254, AWS ECS at 169.254.170.2: the
    // whole link-local range, where no provider is ever served
    if (parsed.range() === "linkLocal") return `${address} is a link-local address, where cloud metadata services answer`;
    if (parsed.toString() === "100.100.100.200") return `${address} is Alibaba Cloud's metadata address`;
    return null;
  }
  const ipv6 = parsed as ipaddr.IPv6;
  if (ipv6.match(awsIPv6)) return `${address} is AWS's IPv6 metadata range (fd00:ec2::/32)`;
  if (ipv6.range() === "linkLocal") return `${address} is a link-local address, where cloud metadata services answer`;
  for (const carried of embeddedIPv4(ipv6)) {
    const reason = metadataAddressReason(carried.toString());
    if (reason) return `${address} carries ${reason.replace(" is ", ", which is ")}`;
  }
  return null;
}

/** Bound of each cache of verdicts below (a verdict depends on its text alone). */
const MAX_VERDICTS = 1_000;

const refusal = (host: string, reason: string) =>
  `A provider's base URL may not point at ${host}: ${reason}. Providers may run on this machine or a private network, never on a cloud metadata endpoint.`;

/** `judge` with its verdicts on the texts seen lately kept (at most `MAX_VERDICTS`): for verdicts that depend on the text alone. */
function remembered(judge: (text: string) => string | null): (text: string) => string | null {
  const verdicts = new Map<string, string | null>();
  return (text) => {
    let verdict = verdicts.get(text);
    if (verdict === undefined) {
      verdict = judge(text);
      if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
      verdicts.set(text, verdict);
    }
    return verdict;
  };
}

/** `metadataAddressReason` of the addresses seen lately: a provider's IP literal is judged again on every call. */
const knownAddressReason = remembered(metadataAddressReason);

/** Model providers: any address but a metadata endpoint. */
export const providerAddresses: AddressRule = { name: "provider", reason: knownAddressReason, refusal };
const providerPolicy: NetworkPolicy = { allowedHosts: [], rule: providerAddresses };

const LOOKUP_PATIENCE_MS = 2_000;
const bareHost = (url: URL) =>
  url.hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");

/** Why this base URL is refused, judged without DNS (scheme, metadata names, IP literals), or null. */
export function providerUrlProblem(baseUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return "Base URL must be a full URL such as http://localhost:11434";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `Base URL must start with http:// or https://, not ${url.protocol}//`;
  const host = bareHost(url);
  if (METADATA_HOSTS.has(host)) return refusal(host, `${host} is a cloud metadata service`);
  if (net.isIP(host)) {
    const reason = metadataAddressReason(host);
    if (reason) return refusal(host, reason);
  }
  return null;
}

/**
 * Like `providerUrlProblem`, and also resolves the host: a name that points at a metadata address is
 * refused when it is saved. A name that does not resolve here (or not within 2 s) is not an error:
 * the worker may see another network, and it is checked again on every call.
 */
export async function providerUrlProblemResolved(baseUrl: string): Promise<string | null> {
  const problem = providerUrlProblem(baseUrl);
  if (problem) return problem;
  const host = bareHost(new URL(baseUrl));
  if (net.isIP(host)) return null;
  // an unreachable DNS server must not hold up saving a credential for long
  const addresses = await Promise.race([
    dns.lookup(host, { all: true }).catch(() => []),
    new Promise<[]>((resolve) => setTimeout(resolve, LOOKUP_PATIENCE_MS, []).unref()),
  ]);
  for (const { address } of addresses) {
    const reason = metadataAddressReason(address);
    if (reason) return refusal(host, `it resolves to ${reason}`);
  }
  return null;
}

/** `providerUrlProblem` of the URLs called lately: a verdict depends on the URL's text alone, and every model call asks again. */
const knownUrlProblem = remembered(providerUrlProblem);

/**
 * The fetch model providers are called through (AI SDK providers, "Test connection"): every hop of a
 * request, redirects included, goes through the guard with the provider rule, each on the lighter client.
 */
export const providerFetch: typeof globalThis.fetch = async (input, init = {}) => {
  const url = input instanceof Request ? input.url : String(input);
  const problem = knownUrlProblem(url);
  if (problem) throw new BlockedRequestError(problem);
  const { headers, ...rest } = init;
  const response = await guardedFetch(
    url,
    { ...(rest as object), headers: Object.fromEntries(new Headers(headers)) },
    providerPolicy,
    lightHop,
  );
  return response as unknown as Response;
};

export { findBlockedError } from "./ssrf-guard";
