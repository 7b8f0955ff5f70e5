// What workers give tool nodes for reaching the network: a guarded fetch and an MCP client, both bound
// to one workspace's allowed hosts. Kept out of @switchyard/nodes so the editor, which imports node
// definitions in the browser, never bundles Node-only networking.
import type { NetworkAccess } from "@switchyard/engine";
import { guardedFetch, type GuardedRequestInit, type NetworkPolicy } from "./ssrf-guard";

export type { NetworkPolicy } from "./ssrf-guard";
export { guardedFetch, guardedRequest, findBlockedError } from "./ssrf-guard";
export { createMcpAccess } from "./mcp-client";

export function createNetworkAccess(policy: NetworkPolicy): NetworkAccess {
  return {
    allowedHosts: policy.allowedHosts,
    fetch: (url, init) => guardedFetch(url, init as GuardedRequestInit, policy) as unknown as Promise<Response>,
  };
}
