"use client";
// The node palette: grouped by category, searchable; drag a node onto the canvas or click to add it.
// It folds to a narrow rail; opened below 1280 px it floats over the canvas instead of narrowing it.
import { nodeDefinitions } from "@switchyard/nodes";
import { PanelLeftClose, PanelLeftOpen, Search } from "lucide-react";
import { useMemo, useState } from "react";
import { Input } from "@/components/ui/input";
import { categoryColors } from "./ports";

export const DRAG_TYPE = "application/x-switchyard-node";

interface Props {
  onAdd: (nodeType: string) => void;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

export function Palette({ onAdd, open, onOpenChange }: Props) {
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

  if (!open)
    return (
      <div className="flex w-10 shrink-0 flex-col items-center border-r border-zinc-200 bg-white py-2">
        <button
          type="button"
          aria-label="Show node palette"
          title="Show node palette"
          aria-expanded={false}
          onClick={() => onOpenChange(true)}
          className="rounded-md p-1.5 text-zinc-600 hover:bg-zinc-100"
        >
          <PanelLeftOpen className="h-4 w-4" />
        </button>
      </div>
    );

  return (
    <aside
      className="flex w-56 shrink-0 flex-col gap-3 overflow-y-auto border-r border-zinc-200 bg-white p-3 max-xl:absolute max-xl:inset-y-0 max-xl:left-0 max-xl:z-20 max-xl:shadow-xl"
      aria-label="Node palette"
    >
      <div className="relative flex items-center gap-1">
        <Search className="pointer-events-none absolute left-2.5 top-2.5 h-4 w-4 text-zinc-400" />
        <Input
          className="pl-8"
          placeholder="Search nodes"
          aria-label="Search nodes"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <button
          type="button"
          aria-label="Hide node palette"
          title="Hide node palette"
          aria-expanded
          onClick={() => onOpenChange(false)}
          className="shrink-0 rounded-md p-1.5 text-zinc-600 hover:bg-zinc-100"
        >
          <PanelLeftClose className="h-4 w-4" />
        </button>
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
