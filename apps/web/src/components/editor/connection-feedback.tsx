"use client";
// Says why a connection is refused where the user is dragging (next to the pointer, not at the top of
// the canvas), and when the input is only taken, offers to replace its connection on release.
import type { Connection, Edge, IsValidConnection, OnConnectEnd } from "@xyflow/react";
import { useCallback, useRef, useState, type PointerEvent, type RefObject } from "react";
import { Button } from "@/components/ui/button";
import { connectionProblem } from "./connection-check";
import type { FlowCanvasNode } from "./flow-node";

interface Props {
  nodes: FlowCanvasNode[];
  edges: Edge[];
  area: RefObject<HTMLDivElement | null>;
  /** Draws the connection, in place of `replaced` when given. */
  connect: (connection: Connection, replaced?: Edge) => void;
}

interface At {
  x: number;
  y: number;
}

export const edgeId = (connection: Connection) =>
  `e-${connection.source}-${connection.sourceHandle}-${connection.target}-${connection.targetHandle}`;

export function useConnectionFeedback({ nodes, edges, area, connect }: Props) {
  const pointer = useRef<At>({ x: 0, y: 0 });
  const [hint, setHint] = useState<(At & { text: string }) | null>(null);
  const [offer, setOffer] = useState<(At & { connection: Connection; replaced: Edge; text: string }) | null>(null);

  const onPointerMove = useCallback(
    (event: PointerEvent) => {
      const box = area.current?.getBoundingClientRect();
      if (box) pointer.current = { x: event.clientX - box.left, y: event.clientY - box.top };
    },
    [area],
  );

  const isValidConnection: IsValidConnection = useCallback(
    (connection) => {
      const problem = connectionProblem(connection, nodes, edges);
      setHint(problem ? { ...pointer.current, text: problem.reason } : null);
      return problem === null;
    },
    [nodes, edges],
  );

  const onConnectStart = useCallback(() => setOffer(null), []);

  const onConnectEnd: OnConnectEnd = useCallback(
    (event, state) => {
      setHint(null);
      if (state.isValid !== false || !state.toHandle) return;
      const from = state.fromHandle;
      const to = state.toHandle;
      const [source, target] = from.type === "source" ? [from, to] : [to, from];
      const connection: Connection = {
        source: source.nodeId,
        sourceHandle: source.id ?? null,
        target: target.nodeId,
        targetHandle: target.id ?? null,
      };
      const problem = connectionProblem(connection, nodes, edges);
      if (!problem?.replaces) return;
      const box = area.current?.getBoundingClientRect();
      const point = "clientX" in event ? event : event.changedTouches[0]!;
      const input = problem.reason.split(" already")[0];
      setOffer({
        x: point.clientX - (box?.left ?? 0),
        y: point.clientY - (box?.top ?? 0),
        connection,
        replaced: problem.replaces,
        text: `${input} already has a connection.`,
      });
    },
    [nodes, edges, area],
  );

  const overlay = (
    <>
      {hint && (
        <div
          role="status"
          style={{ left: hint.x + 14, top: hint.y + 14 }}
          className="pointer-events-none absolute z-20 max-w-64 rounded-md bg-zinc-900 px-2.5 py-1.5 text-xs text-white shadow"
        >
          {hint.text}
        </div>
      )}
      {offer && (
        <div
          role="dialog"
          aria-label="Replace connection"
          style={{ left: offer.x + 10, top: offer.y + 10 }}
          className="absolute z-20 flex max-w-72 flex-col gap-2 rounded-md border border-zinc-200 bg-white p-3 text-xs shadow-lg"
        >
          <span>{offer.text} Replace it with this one?</span>
          <div className="flex gap-2">
            <Button size="sm" onClick={() => (connect(offer.connection, offer.replaced), setOffer(null))}>
              Replace connection
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setOffer(null)}>
              Keep the old one
            </Button>
          </div>
        </div>
      )}
    </>
  );

  return { onPointerMove, isValidConnection, onConnectStart, onConnectEnd, overlay };
}
