// A template's flow drawn as SVG from its graph (see flowPicture in @switchyard/templates): boxes in the
// colour of their node's category, joined as on the canvas.
import type { FlowPicture as Picture } from "@switchyard/templates";

const categoryFill: Record<string, string> = {
  Input: "fill-sky-100 stroke-sky-300",
  Prompt: "fill-amber-100 stroke-amber-300",
  Model: "fill-indigo-100 stroke-indigo-300",
  Output: "fill-emerald-100 stroke-emerald-300",
  Logic: "fill-zinc-100 stroke-zinc-300",
  Tools: "fill-rose-100 stroke-rose-300",
  Context: "fill-teal-100 stroke-teal-300",
  Memory: "fill-violet-100 stroke-violet-300",
  Evaluate: "fill-orange-100 stroke-orange-300",
};

// One scale for every picture, so a short flow is drawn as small as a long one's boxes, not blown up
const SCALE = 0.3;
const FONT = 36;
const fits = (label: string, width: number) => label.length * FONT * 0.6 <= width - 20;

export function FlowPicture({ picture, title }: { picture: Picture; title: string }) {
  return (
    <svg
      viewBox={`0 0 ${picture.width} ${picture.height}`}
      width={Math.round(picture.width * SCALE)}
      role="img"
      aria-label={title}
      className="mx-auto block h-auto max-w-full"
    >
      <title>{title}</title>
      {picture.edges.map((edge) => (
        <path key={edge.id} d={edge.path} className="fill-none stroke-zinc-400" strokeWidth={5} />
      ))}
      {picture.nodes.map((node) => (
        <g key={node.id}>
          <rect
            x={node.x}
            y={node.y}
            width={node.width}
            height={node.height}
            rx={14}
            strokeWidth={3}
            className={categoryFill[node.category] ?? categoryFill.Logic}
          />
          <text
            x={node.x + node.width / 2}
            y={node.y + node.height / 2}
            textAnchor="middle"
            dominantBaseline="central"
            fontSize={FONT}
            fontWeight={600}
            // a long label is squeezed into its box rather than spilling out of it
            {...(!fits(node.label, node.width) && { textLength: node.width - 20, lengthAdjust: "spacingAndGlyphs" })}
            className="fill-zinc-800"
          >
            {node.label}
          </text>
        </g>
      ))}
    </svg>
  );
}
