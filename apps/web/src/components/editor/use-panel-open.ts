// Whether an editor side panel is open, remembered in this browser. Without a remembered choice the
// palette starts closed below 1280 px, so a laptop screen keeps most of its width for the canvas.
import { useCallback, useSyncExternalStore } from "react";

const listeners = new Set<() => void>();
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
};

export function usePanelOpen(name: "palette" | "panel", openBelow1280: boolean): [boolean, (open: boolean) => void] {
  const key = `switchyard.editor.${name}-open`;
  const open = useSyncExternalStore(
    subscribe,
    () => {
      const stored = localStorage.getItem(key);
      return stored === null ? openBelow1280 || window.innerWidth >= 1280 : stored === "true";
    },
    () => true,
  );
  const setOpen = useCallback(
    (next: boolean) => {
      localStorage.setItem(key, String(next));
      for (const listener of listeners) listener();
    },
    [key],
  );
  return [open, setOpen];
}
