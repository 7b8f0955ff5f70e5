"use client";
// The node palette: grouped by category, searchable; drag a node onto the canvas or click to add it.
import { nodeDefinitions } from "@switchyard/nodes";
import { Search } from "lucide-react";
import { useMemo, useState } from "react";
import { Input } from "@/components/ui/input";
import { categoryColors } from "./ports";

export const DRAG_TYPE = "application/x-switchyard-node";

export function Palette({ onAdd }: { onAdd: (nodeType: string) => void }) {
  const [query, setQuery] = useState("");
  const groups = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const matching = nodeDefinitions.filter(
      (definition) => !needle || `${definition.label} ${definition.description}`.toLowerCase().includes(needle),
    );
    return [...new Set(matching.map((definition) => definition.category))].map((category) => ({
      category,
      items: matching.filter((definition) => definition.category === category),
    }));
  }, [query]);

  return (
    <aside className="flex w-56 shrink-0 flex-col gap-3 overflow-y-auto border-r border-zinc-200 bg-white p-3" aria-label="Node palette">
      <div className="relative">
        <Search className="pointer-events-none absolute left-2.5 top-2.5 h-4 w-4 text-zinc-400" />
        <Input
          className="pl-8"
          placeholder="Search nodes"
          aria-label="Search nodes"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
      </div>
      {groups.map(({ category, items }) => (
        <div key={category}>
          <div className="mb-1 text-[11px] font-semibold uppercase tracking-wide text-zinc-400">{category}</div>
          <div className="flex flex-col gap-1">
            {items.map((definition) => (
              <button
                key={definition.type}
                type="button"
                draggable
                onDragStart={(event) => {
                  event.dataTransfer.setData(DRAG_TYPE, definition.type);
                  event.dataTransfer.effectAllowed = "move";
                }}
                onClick={() => onAdd(definition.type)}
                title={definition.description}
                className="flex cursor-grab items-center gap-2 rounded-md border border-zinc-200 px-2 py-1.5 text-left text-sm hover:border-indigo-300 hover:bg-indigo-50"
              >
                <span className={`h-2 w-2 rounded-full ${categoryColors[category]?.split(" ")[0] ?? "bg-zinc-200"}`} />
                {definition.label}
              </button>
            ))}
          </div>
        </div>
      ))}
      {!groups.length && <p className="text-sm text-zinc-500">No node matches.</p>}
    </aside>
  );
}
