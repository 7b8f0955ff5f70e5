"use client";
// What exists in the workspace for the editor's references check (see @switchyard/engine references):
// given by the page, refreshed whenever the tab regains focus, so a store or provider added in
// another tab is not reported as missing.
import type { ExistingReferences, ReferenceKind } from "@switchyard/engine";
import { useEffect, useMemo, useState } from "react";

export type ReferenceIds = Record<ReferenceKind, string[]>;

export function useWorkspaceReferences(workspaceId: string, initial: ReferenceIds): ExistingReferences {
  const [ids, setIds] = useState(initial);
  useEffect(() => {
    const refresh = () =>
      void fetch(`/api/workspaces/${workspaceId}/references`)
        .then((response) => (response.ok ? (response.json() as Promise<{ references: ReferenceIds }>) : null))
        .then((body) => body && setIds(body.references))
        .catch(() => undefined);
    window.addEventListener("focus", refresh);
    return () => window.removeEventListener("focus", refresh);
  }, [workspaceId]);
  return useMemo(() => Object.fromEntries(Object.entries(ids).map(([kind, list]) => [kind, new Set(list)])) as ExistingReferences, [ids]);
}
