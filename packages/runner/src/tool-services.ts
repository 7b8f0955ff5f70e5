// The services tool and memory nodes use, bound to one run's workspace: network and MCP access through
// the SSRF guard with the hosts it allowed, the code sandbox, its HTTP credentials (decrypted only here,
// in the worker) and the conversation of the run's session.
import {
  listConversationTurns,
  readAllowedHosts,
  readConversationSummary,
  readHttpCredentialHeader,
  saveConversationSummary,
  type Db,
} from "@switchyard/db";
import type { ConversationMemory, EngineServices } from "@switchyard/engine";
import { createMcpAccess, createNetworkAccess } from "@switchyard/net";
import { runSandboxed } from "@switchyard/sandbox";
import { ExpiringCache } from "./expiring-cache";

export interface ToolServicesOptions {
  db: Db;
  masterSecret: string;
  /** How long a workspace's allowed hosts are reused; a change takes effect after at most this. */
  allowedHostsTtlMs?: number;
}

export function createToolServices(options: ToolServicesOptions) {
  const allowedHosts = new ExpiringCache<string[]>(1_000, options.allowedHostsTtlMs ?? 5_000);

  function conversationMemory(workspaceId: string, runId: string): ConversationMemory {
    return {
      async turns(sessionId, { limit, since }) {
        const turns = await listConversationTurns(options.db, workspaceId, sessionId, {
          limit,
          excludeRunId: runId,
          since: since === undefined ? undefined : new Date(since),
        });
        return turns.map((turn) => ({ ...turn, at: turn.at.getTime() }));
      },
      async summary(sessionId) {
        const row = await readConversationSummary(options.db, workspaceId, sessionId);
        return row && { text: row.summary, coveredUntil: row.coveredUntil.getTime() };
      },
      saveSummary: (sessionId, { text, coveredUntil }) =>
        saveConversationSummary(options.db, workspaceId, sessionId, text, new Date(coveredUntil)),
    };
  }

  /** The optional engine services for one run. */
  return async function forRun(workspaceId: string, runId: string): Promise<Omit<EngineServices, "models">> {
    const policy = { allowedHosts: await allowedHosts.getOrLoad(workspaceId, () => readAllowedHosts(options.db, workspaceId)) };
    return {
      network: createNetworkAccess(policy),
      mcp: createMcpAccess(policy),
      sandbox: { run: runSandboxed },
      secrets: { httpHeader: (credentialId) => readHttpCredentialHeader(options.db, workspaceId, credentialId, options.masterSecret) },
      memory: conversationMemory(workspaceId, runId),
    };
  };
}
