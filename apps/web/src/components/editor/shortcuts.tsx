"use client";
import { Keyboard } from "lucide-react";
import { useState } from "react";

const shortcuts = [
  ["Ctrl/⌘ Z", "Undo"],
  ["Ctrl/⌘ Shift Z", "Redo"],
  ["Ctrl/⌘ C", "Copy selected nodes (also into another bot)"],
  ["Ctrl/⌘ V", "Paste"],
  ["Delete / Backspace", "Delete selection"],
  ["Shift + drag", "Select several nodes"],
  ["Ctrl/⌘ L", "Tidy up (auto-layout)"],
  ["?", "Show this list"],
];

/** `left`: where the canvas's free left edge is, when a floating palette covers the part before it. */
export function ShortcutsHelp({ open, onToggle, left = 0 }: { open: boolean; onToggle: () => void; left?: number }) {
  const [hovered, setHovered] = useState(false);
  return (
    <div className="absolute bottom-3 z-10" style={{ left: left + 56 }}>
      <button
        type="button"
        aria-label="Keyboard shortcuts"
        aria-expanded={open}
        onClick={onToggle}
        onMouseEnter={() => setHovered(true)}
        onMouseLeave={() => setHovered(false)}
        className="rounded-md border border-zinc-200 bg-white p-1.5 text-zinc-600 shadow-sm hover:bg-zinc-50"
      >
        <Keyboard className="h-4 w-4" />
      </button>
      {(open || hovered) && (
        <table
          className="absolute bottom-9 left-0 w-80 rounded-lg border border-zinc-200 bg-white p-2 text-xs shadow-lg"
          aria-label="Shortcuts"
        >
          <tbody>
            {shortcuts.map(([keys, action]) => (
              <tr key={keys}>
                <td className="py-0.5 pr-3 font-mono text-zinc-500">{keys}</td>
                <td className="py-0.5">{action}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
