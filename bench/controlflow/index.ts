// bench/controlflow: the harness's control-flow nodes, one part per file. Runs every part, or those
// named: `npm run bench:controlflow -- foreach`.
export {};

const parts: Record<string, () => Promise<unknown>> = {
  foreach: () => import("./foreach"),
};

const named = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
const unknown = named.filter((name) => !parts[name]);
if (unknown.length) {
  console.error(`unknown part(s): ${unknown.join(", ")}; parts: ${Object.keys(parts).join(", ")}`);
  process.exit(1);
}
for (const name of named.length ? named : Object.keys(parts)) await parts[name]!();
process.exit(0);
