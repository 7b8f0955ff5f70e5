// The evaluators chosen on the new-eval-run form: one of each kind, switched on and off and edited
// by the kind's card.
import type { Evaluator } from "@switchyard/evals";
import { useState } from "react";

export type EvaluatorKind = Evaluator["kind"];
export type EvaluatorOf<K extends EvaluatorKind> = Extract<Evaluator, { kind: K }>;

export interface EvaluatorChoice {
  evaluators: Evaluator[];
  find: <K extends EvaluatorKind>(kind: K) => EvaluatorOf<K> | undefined;
  toggle: (kind: EvaluatorKind, make: () => Evaluator) => void;
  update: (kind: EvaluatorKind, change: Partial<Evaluator>) => void;
  /** Drops every evaluator of these kinds (when the flow no longer offers them). */
  drop: (kinds: readonly EvaluatorKind[]) => void;
}

export function useEvaluatorChoice(initial: Evaluator[]): EvaluatorChoice {
  const [evaluators, setEvaluators] = useState<Evaluator[]>(initial);
  return {
    evaluators,
    find: <K extends EvaluatorKind>(kind: K) => evaluators.find((evaluator) => evaluator.kind === kind) as EvaluatorOf<K> | undefined,
    toggle: (kind, make) =>
      setEvaluators((current) =>
        current.some((evaluator) => evaluator.kind === kind)
          ? current.filter((evaluator) => evaluator.kind !== kind)
          : [...current, make()],
      ),
    update: (kind, change) =>
      setEvaluators((current) =>
        current.map((evaluator) => (evaluator.kind === kind ? ({ ...evaluator, ...change } as Evaluator) : evaluator)),
      ),
    drop: (kinds) =>
      setEvaluators((current) =>
        current.some((evaluator) => kinds.includes(evaluator.kind))
          ? current.filter((evaluator) => !kinds.includes(evaluator.kind))
          : current,
      ),
  };
}

export const textarea =
  "min-h-16 w-full rounded-md border border-zinc-300 px-3 py-2 text-sm shadow-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500";
