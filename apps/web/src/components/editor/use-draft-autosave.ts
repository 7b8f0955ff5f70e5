"use client";
// Keeps the draft saved, and never lets work go silently: autosave shortly after the last edit; a
// link clicked with an edit pending waits for its save; leaving the page (reload, close, back) asks
// first and sends the save anyway, with a copy kept in the browser that the next visit restores if
// the save did not land. The save state compares the graph with the last saved one, so an undo back
// to it reads "saved".
import type { FlowGraph } from "@switchyard/engine";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { api, ApiError } from "@/lib/api";
import type { SaveState } from "./editor-header";
import type { GET as getBot } from "@/app/api/workspaces/[workspaceId]/bots/[botId]/route";
import type { PUT as saveDraft } from "@/app/api/workspaces/[workspaceId]/bots/[botId]/draft/route";
import type { ResponseOf } from "@/server/route";

const AUTOSAVE_AFTER_MS = 700;
// browsers refuse keepalive bodies over 64 KB; a larger graph relies on the dialog and the local copy
const KEEPALIVE_MAX_CHARS = 60_000;

const backupKey = (botId: string) => `switchyard:unsaved-draft:${botId}`;

interface Backup {
  baseRevision: number;
  graph: string;
}

interface Options {
  base: string;
  botId: string;
  initial: { graph: FlowGraph; revision: number };
  /** The live graph (read when saving or leaving) and its serialised copy, settled after each edit. */
  graph: FlowGraph;
  serialized: string;
  canEdit: boolean;
  onError: (message: string) => void;
  /** A copy from an earlier visit whose save never landed: put it back on the canvas. */
  onRestore: (graph: FlowGraph) => void;
}

/** JSON with object keys sorted: the stored draft comes back from jsonb with its keys reordered. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

/** A left click on a same-origin link that would navigate this tab. */
function internalLink(event: MouseEvent): URL | null {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const link = (event.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
  if (!link || (link.target && link.target !== "_self") || link.hasAttribute("download")) return null;
  const url = new URL(link.href, window.location.href);
  return url.origin === window.location.origin && /^https?:$/.test(url.protocol) ? url : null;
}

export function useDraftAutosave({ base, botId, initial, graph, serialized, canEdit, onError, onRestore }: Options) {
  const router = useRouter();
  const revision = useRef(initial.revision);
  const [lastSaved, setLastSaved] = useState(() => JSON.stringify(initial.graph));
  const lastSavedRef = useRef(lastSaved);
  const [inFlight, setInFlight] = useState(false);
  const [failure, setFailure] = useState<"conflict" | "error" | null>(null);
  const conflicted = useRef(false);
  const savingNow = useRef<Promise<unknown> | null>(null);
  const graphRef = useRef(graph);
  useLayoutEffect(() => {
    graphRef.current = graph;
  }, [graph]);

  const dirty = useCallback(() => canEdit && JSON.stringify(graphRef.current) !== lastSavedRef.current, [canEdit]);
  const pending = useCallback(() => dirty() || savingNow.current !== null, [dirty]);

  const adoptIfStored = useCallback(
    async (graph: FlowGraph): Promise<boolean> => {
      const { bot } = await api<ResponseOf<typeof getBot>>(base).catch(() => ({ bot: null }));
      if (!bot || canonicalJson(bot.draftGraph) !== canonicalJson(graph)) return false;
      revision.current = bot.draftRevision;
      lastSavedRef.current = JSON.stringify(graph);
      setLastSaved(lastSavedRef.current);
      setFailure(null);
      return true;
    },
    [base],
  );

  const save = useCallback(
    async (options: { keepalive?: boolean } = {}): Promise<boolean> => {
      // one save at a time: a save asked for while another is in flight (Publish during an autosave)
      // waits for it, then builds on the revision it produced instead of conflicting with it
      while (savingNow.current) await savingNow.current;
      const sent = graphRef.current;
      const current = JSON.stringify(sent);
      if (current === lastSavedRef.current) return true;
      if (conflicted.current) return false;
      setInFlight(true);
      try {
        const body = { graph: sent, baseRevision: revision.current };
        const request = api<ResponseOf<typeof saveDraft>>(`${base}/draft`, {
          method: "PUT",
          body,
          keepalive: options.keepalive && current.length < KEEPALIVE_MAX_CHARS,
        });
        savingNow.current = request.catch(() => undefined).finally(() => (savingNow.current = null));
        const result = await request;
        revision.current = result.revision;
        lastSavedRef.current = current;
        setLastSaved(current);
        setFailure(null);
        return true;
      } catch (caught) {
        // a save sent as the last visit unloaded may have landed after this page read the draft:
        // what is stored is then exactly this graph, and there is nothing to overwrite
        if (caught instanceof ApiError && caught.status === 409 && (await adoptIfStored(sent))) return true;
        const conflict = caught instanceof ApiError && caught.status === 409;
        conflicted.current ||= conflict;
        setFailure(conflict ? "conflict" : "error");
        onError((caught as Error).message);
        return false;
      } finally {
        setInFlight(false);
      }
    },
    [adoptIfStored, base, onError],
  );

  // autosave shortly after the last edit
  useEffect(() => {
    if (!canEdit || serialized === lastSaved || failure === "conflict") return;
    const timer = setTimeout(() => void save(), AUTOSAVE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [serialized, lastSaved, canEdit, failure, save]);

  // a copy left by a visit whose last save did not land (its revision is still the one loaded), or
  // landed only after this page read the draft; read once, on opening the editor. A copy whose save
  // did land is older than what is loaded, and is dropped.
  const restoreOnce = useRef({ initial, onRestore });
  useEffect(() => {
    const { initial, onRestore } = restoreOnce.current;
    const raw = localStorage.getItem(backupKey(botId));
    if (!raw || !canEdit) return;
    localStorage.removeItem(backupKey(botId));
    const backup = JSON.parse(raw) as Backup;
    if (backup.baseRevision === initial.revision && backup.graph !== JSON.stringify(initial.graph))
      onRestore(JSON.parse(backup.graph) as FlowGraph);
  }, [botId, canEdit]);

  useEffect(() => {
    const keepCopy = () => {
      if (!dirty()) return;
      const backup: Backup = { baseRevision: revision.current, graph: JSON.stringify(graphRef.current) };
      localStorage.setItem(backupKey(botId), JSON.stringify(backup));
    };
    // links inside the app: hold the navigation until the edit is saved
    const onClick = (event: MouseEvent) => {
      const url = internalLink(event);
      if (!url || !pending()) return;
      event.preventDefault();
      event.stopPropagation();
      void save().then((saved) => {
        const leave = saved || window.confirm("Your last changes could not be saved. Leave this page and lose them?");
        if (leave) router.push(`${url.pathname}${url.search}${url.hash}`);
      });
    };
    // reload, close, typing another address: ask, and send the save in case the answer is "leave"
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!pending()) return;
      keepCopy();
      void save({ keepalive: true });
      event.preventDefault();
      event.returnValue = "";
    };
    document.addEventListener("click", onClick, true);
    window.addEventListener("beforeunload", onBeforeUnload);
    window.addEventListener("pagehide", keepCopy);
    return () => {
      document.removeEventListener("click", onClick, true);
      window.removeEventListener("beforeunload", onBeforeUnload);
      window.removeEventListener("pagehide", keepCopy);
      // leaving the editor some other way (the browser's back button): save what is pending
      if (dirty()) {
        keepCopy();
        void save({ keepalive: true });
      }
    };
  }, [botId, dirty, pending, router, save]);

  const saveState: SaveState =
    failure === "conflict" ? "conflict" : inFlight ? "saving" : serialized === lastSaved ? "saved" : (failure ?? "unsaved");
  return { save, saveState };
}
