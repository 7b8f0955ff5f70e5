// TEMP probe
const g = globalThis as unknown as { __m?: Map<string, [string, number][]>; __cur?: string; __agg?: Record<string, number[]>; __t?: NodeJS.Timeout };
export function mark(label: string, runId?: string) {
  const m = (g.__m ??= new Map());
  if (runId) g.__cur = runId;
  const id = runId ?? g.__cur!;
  if (!m.has(id)) m.set(id, []);
  m.get(id)!.push([label, performance.now()]);
  g.__t ??= setInterval(() => {
    const agg: Record<string, number[]> = {};
    for (const marks of m.values()) for (let i = 1; i < marks.length; i++) (agg[`${marks[i - 1]![0]}→${marks[i]![0]}`] ??= []).push(marks[i]![1] - marks[i - 1]![1]);
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(agg)) { const s = [...v].sort((a, b) => a - b); out[k] = Math.round(s[Math.floor(s.length / 2)]! * 1000) / 1000; }
    console.log("MARKS", JSON.stringify(out));
  }, 1000).unref();
}
(globalThis as unknown as { __mark: typeof mark }).__mark = mark;
