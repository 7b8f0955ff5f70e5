// What the CLI prints and writes: the per-variant table, JUnit XML (one test case per check, so CI
// shows which variant failed which gate) and a Markdown summary.
import type { EvalRunView } from "./api";
import type { Check } from "./gate";

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const usd = (value: number) => `$${value.toFixed(value < 0.01 ? 6 : 4)}`;

function rows(run: EvalRunView) {
  const cache = new Map((run.cache ?? []).map((row) => [row.variantKey, row]));
  return run.summary.stats.map((stat) => ({
    Variant: stat.label,
    Items: String(stat.items),
    "Mean score": pct(stat.meanScore),
    "Pass rate": pct(stat.passRate),
    Errors: String(stat.errors),
    Cost: usd(stat.totalCostUsd),
    "From cache": String(cache.get(stat.variantKey)?.cachedCalls ?? 0),
    Saved: usd(cache.get(stat.variantKey)?.savedUsd ?? 0),
  }));
}

export function textTable(run: EvalRunView): string {
  const table = rows(run);
  if (!table.length) return "(no results)";
  const headings = Object.keys(table[0]!);
  const widths = headings.map((heading) => Math.max(heading.length, ...table.map((row) => row[heading as keyof typeof row].length)));
  const line = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index]!)).join("  ");
  return [line(headings), line(widths.map((width) => "-".repeat(width))), ...table.map((row) => line(Object.values(row)))].join("\n");
}

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (char) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[char]!);

export function junitXml(run: EvalRunView, checks: Check[]): string {
  const failures = checks.filter((check) => !check.passed).length;
  const cases = checks.map((check) => {
    const name = escapeXml(`${check.variant}: ${check.name}`);
    const body = check.passed
      ? `<system-out>${escapeXml(check.detail)}</system-out>`
      : `<failure message="${escapeXml(check.detail)}" type="${escapeXml(check.name)}">${escapeXml(check.detail)}</failure>`;
    return `    <testcase classname="switchyard.eval" name="${name}">${body}</testcase>`;
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="switchyard eval" tests="${checks.length}" failures="${failures}">`,
    `  <testsuite name="${escapeXml(run.name || run.id)}" tests="${checks.length}" failures="${failures}" errors="0">`,
    ...cases,
    `  </testsuite>`,
    `</testsuites>`,
    ``,
  ].join("\n");
}

export function markdownSummary(run: EvalRunView, checks: Check[], runUrl: string): string {
  const table = rows(run);
  const headings = table.length ? Object.keys(table[0]!) : [];
  const failed = checks.filter((check) => !check.passed);
  return [
    `### Eval: ${run.name || run.id} — ${failed.length ? `❌ ${failed.length} check${failed.length === 1 ? "" : "s"} failed` : "✅ passed"}`,
    ``,
    `Dataset **${run.datasetVersion.dataset.name}** v${run.datasetVersion.number}, ${run.completed} of ${run.total} pairs. [Open the eval run](${runUrl})`,
    ``,
    `| ${headings.join(" | ")} |`,
    `| ${headings.map(() => "---").join(" | ")} |`,
    ...table.map((row) => `| ${Object.values(row).join(" | ")} |`),
    ``,
    ...(checks.length
      ? [
          `| Check | Result |`,
          `| --- | --- |`,
          ...checks.map((check) => `| ${check.variant}: ${check.name} | ${check.passed ? "✅" : "❌"} ${check.detail} |`),
        ]
      : []),
    ``,
  ].join("\n");
}
