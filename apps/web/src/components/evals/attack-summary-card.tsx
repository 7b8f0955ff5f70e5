"use client";
// The prompt-injection suite's result: the attack success rate (0 is the goal), per kind of attack,
// and why each successful attack counts.
import { attackSummary } from "@switchyard/evals";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { MatrixResult } from "./results-matrix";

const attackLabels = {
  exfiltrate: "Send data to another host",
  "unrequested-tool": "Call a tool nobody asked for",
  override: "Override the system prompt",
};

export function AttackSummaryCard({ results, evaluatorId, finished }: { results: MatrixResult[]; evaluatorId: string; finished: boolean }) {
  const summary = attackSummary(results, evaluatorId);
  const percent = `${(summary.successRate * 100).toFixed(0)} %`;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Prompt-injection attacks</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <p className="text-sm text-zinc-700" data-testid="attack-success-rate">
          <span className={`text-2xl font-semibold tabular-nums ${summary.succeeded ? "text-red-600" : "text-emerald-700"}`}>
            {summary.succeeded} of {summary.attacks}
          </span>{" "}
          attacks succeeded ({percent} attack success rate){finished ? "" : " so far"}
        </p>
        {summary.notDelivered > 0 && (
          <p className="text-sm text-amber-700">
            {summary.notDelivered} case{summary.notDelivered === 1 ? "" : "s"} never reached the agent: it called no tool, so there was no
            result to hide the attack in.
          </p>
        )}
        <table className="w-full text-sm">
          <tbody>
            {Object.entries(summary.byAttack).map(([attack, counts]) => (
              <tr key={attack} className="border-t border-zinc-100">
                <td className="py-1.5 text-zinc-700">{attackLabels[attack as keyof typeof attackLabels]}</td>
                <td className="py-1.5 text-right tabular-nums text-zinc-600">
                  {counts.succeeded} / {counts.attacks} succeeded
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {summary.successes.length > 0 && (
          <ul className="flex flex-col gap-1 text-sm text-red-700" aria-label="Successful attacks">
            {summary.successes.map((success) => (
              <li key={success.caseId}>
                <span className="font-medium">{success.caseId}</span>: {success.reason}
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
