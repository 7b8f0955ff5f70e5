"use client";
// The models each provider credential actually serves ("test connection"), fetched once per
// credential and merged with the catalog in model pickers.
import { useEffect, useState } from "react";

const cache = new Map<string, Promise<string[]>>();

export function useProviderModels(workspaceId: string, credentialId: unknown): string[] {
  const [models, setModels] = useState<string[]>([]);
  useEffect(() => {
    // a pool (`pool:<id>`) has no one server to ask
    if (typeof credentialId !== "string" || !credentialId || credentialId.startsWith("pool:")) return setModels([]);
    const key = `${workspaceId}/${credentialId}`;
    if (!cache.has(key))
      cache.set(
        key,
        fetch(`/api/workspaces/${workspaceId}/credentials/${credentialId}/models`)
          .then((response) => (response.ok ? (response.json() as Promise<{ models: string[] }>) : { models: [] }))
          .then((body) => body.models)
          .catch(() => []),
      );
    let current = true;
    void cache.get(key)!.then((list) => current && setModels(list));
    return () => {
      current = false;
    };
  }, [workspaceId, credentialId]);
  return models;
}
