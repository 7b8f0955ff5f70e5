"use client";
// Keyboard shortcuts of the canvas (listed in shortcuts.tsx). Keys typed into a form field are theirs.
import { useEffect, useRef } from "react";

interface Actions {
  undo: () => void;
  redo: () => void;
  tidyUp: () => void;
  copy: () => void;
  paste: () => void;
  toggleHelp: () => void;
}

export function useEditorKeys(enabled: boolean, actions: Actions) {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if ((event.target as HTMLElement).closest("input, textarea, select, [contenteditable]")) return;
      const mod = event.metaKey || event.ctrlKey;
      const key = event.key.toLowerCase();
      const act = latest.current;
      if (mod && key === "z") (event.shiftKey ? act.redo : act.undo)();
      else if (mod && key === "y") act.redo();
      else if (mod && key === "l") act.tidyUp();
      else if (mod && key === "c") act.copy();
      else if (mod && key === "v") act.paste();
      else if (key === "?") act.toggleHelp();
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled]);
}
