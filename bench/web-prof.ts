// Per-request cost of the web app's building blocks (session, membership, queries), for profiling.
import { signInOverHttp, startBenchPlatform } from "./support/platform";
const platform = await startBenchPlatform({ web: true, workers: 0 });
const { cookie, workspaceId } = await signInOverHttp(platform.baseUrl);
async function time(label: string, path: string, headers: Record<string, string> = {}) {
  for (let i = 0; i < 50; i++) await (await fetch(platform.baseUrl + path, { headers })).text();
  const started = performance.now();
  for (let i = 0; i < 300; i++) await (await fetch(platform.baseUrl + path, { headers })).text();
  console.log(label.padEnd(40), ((performance.now() - started) / 300).toFixed(2), "ms");
}
await time("live (no work)", "/api/health/live");
await time("health (1 SQL + Redis ping)", "/api/health");
await time("nodes (session only)", "/api/nodes", { cookie });
await time("workspaces (session + 1 query)", `/api/workspaces`, { cookie });
await time("bots (session + membership + list)", `/api/workspaces/${workspaceId}/bots`, { cookie });
await platform.stop();
process.exit(0);
