"use client";
// The workspace's HTTP credentials (names and header names only), for the picker in HTTP request and
// MCP tools nodes. Fetched when such a node is inspected, so other editors pay nothing for it.
import { useEffect, useState } from "react";

export interface HttpCredentialOption {
  id: string;
  name: string;
  headerName: string;
}

export function useHttpCredentials(workspaceId: string, wanted: boolean): HttpCredentialOption[] {
  const [credentials, setCredentials] = useState<HttpCredentialOption[]>([]);
  useEffect(() => {
    if (!wanted) return;
    let current = true;
    fetch(`/api/workspaces/${workspaceId}/http-credentials`)
      .then((response) => (response.ok ? (response.json() as Promise<{ credentials: HttpCredentialOption[] }>) : { credentials: [] }))
      .then((body) => current && setCredentials(body.credentials))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [workspaceId, wanted]);
  return credentials;
}
