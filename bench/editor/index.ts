// bench/editor: a generated 1,000-node, 1,200-edge flow opened in headless Chromium (Debian's).
//   node --import tsx bench/editor/index.ts      (or: npm run bench:editor; needs `next build` first)
// Measures time from navigation to the canvas being interactive (first node visible, then a click on
// it selecting it), the time to drag a node, and which nodes re-render during the drag (counted through
// React's devtools hook: a node's root element getting new props means its component rendered).
// Prints figures; writes bench/results/editor.json.
import { chromium } from "@playwright/test";
import type { FlowGraph } from "@switchyard/engine";
import { chromiumLaunchOptions } from "../../test/support/chromium";
import { percentile, round, writeResult } from "../support/stats";
import { signInOverHttp, startBenchPlatform } from "../support/platform";

const NODES = 1_000;
const EDGES = 1_200;
const platform = await startBenchPlatform({ web: true, workers: 0 });
const { cookie, workspaceId } = await signInOverHttp(platform.baseUrl);

// 200 groups of chat input → two model nodes (prompt and history each) → two chat outputs:
// 5 nodes and 6 edges per group, 1,000 nodes and 1,200 edges in all.
const graph: FlowGraph = { nodes: [], edges: [] };
for (let group = 0; group < NODES / 5; group++) {
  const at = (column: number, row: number) => ({ x: column * 300 + (group % 10) * 1000, y: Math.floor(group / 10) * 400 + row * 180 });
  const [input, modelA, modelB, outA, outB] = ["in", "ma", "mb", "oa", "ob"].map((part) => `${part}-${group}`) as [
    string,
    string,
    string,
    string,
    string,
  ];
  graph.nodes.push(
    { id: input, type: "chat-input", config: {}, position: at(0, 0) },
    { id: modelA, type: "model", config: {}, position: at(1, 0) },
    { id: modelB, type: "model", config: {}, position: at(1, 1) },
    { id: outA, type: "chat-output", config: {}, position: at(2, 0) },
    { id: outB, type: "chat-output", config: {}, position: at(2, 1) },
  );
  for (const [model, output] of [
    [modelA, outA],
    [modelB, outB],
  ] as const)
    graph.edges.push(
      { id: `p-${model}`, source: input, sourceHandle: "message", target: model, targetHandle: "prompt" },
      { id: `h-${model}`, source: input, sourceHandle: "history", target: model, targetHandle: "history" },
      { id: `o-${model}`, source: model, sourceHandle: "text", target: output, targetHandle: "text" },
    );
}

if (graph.nodes.length !== NODES || graph.edges.length !== EDGES) throw new Error("generated graph has the wrong size");

const created = await fetch(`${platform.baseUrl}/api/workspaces/${workspaceId}/bots`, {
  method: "POST",
  headers: { cookie, origin: platform.baseUrl, "content-type": "application/json" },
  body: JSON.stringify({ name: "Big flow", graph }),
});
const { bot } = (await created.json()) as { bot: { id: string } };

const browser = await chromium.launch(chromiumLaunchOptions);
const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
const [name, value] = cookie.split("=") as [string, string];
await context.addCookies([{ name, value, url: platform.baseUrl }]);

// A minimal React devtools hook: after every commit, find each node's root element (data-testid
// "node-…") and note whether its props object changed since the previous commit, i.e. it re-rendered.
// (A string, not a function: tsx names functions with a helper the page does not have.)
await context.addInitScript(`
  const seen = new WeakMap();
  const renders = (window.__nodeRenders = {});
  const mounts = (window.__nodeMounts = {});
  let ids = 0;
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject: () => ++ids,
    checkDCE: () => {},
    onScheduleFiberRoot: () => {},
    onCommitFiberUnmount: () => {},
    onPostCommitFiberRoot: () => {},
    onCommitFiberRoot(_id, root) {
      const stack = [root.current];
      while (stack.length) {
        const fiber = stack.pop();
        const testId = fiber.tag === 5 && fiber.memoizedProps ? fiber.memoizedProps["data-testid"] : undefined;
        if (typeof testId === "string" && testId.startsWith("node-") && fiber.stateNode) {
          const previous = seen.get(fiber.stateNode);
          if (previous === undefined) mounts[testId] = (mounts[testId] || 0) + 1;
          else if (previous !== fiber.memoizedProps) renders[testId] = (renders[testId] || 0) + 1;
          seen.set(fiber.stateNode, fiber.memoizedProps);
        }
        if (fiber.sibling) stack.push(fiber.sibling);
        if (fiber.child) stack.push(fiber.child);
      }
    },
  };
`);

const openTimes: number[] = [];
const otherNodesReRendered: number[] = [];
const draggedNodeRenders: number[] = [];
const dragTimes: number[] = [];
for (let attempt = 0; attempt < 5; attempt++) {
  const page = await context.newPage();
  const began = Date.now();
  const response = await page.goto(`${platform.baseUrl}/w/${workspaceId}/bots/${bot.id}`);
  const loaded = Date.now() - began;
  if (process.env.PROFILE) console.log(`document loaded after ${loaded} ms (${(await response!.body()).length} bytes)`);
  const first = page.locator(".react-flow__node").first();
  await first.waitFor();
  // zoomed out to fit 1,000 nodes they overlap: click where the first one is, whichever node is on top
  const box = (await first.boundingBox())!;
  await page.mouse.click(box.x + 5, box.y + 5);
  await page.locator(".react-flow__node.selected").waitFor();
  openTimes.push(Date.now() - began);
  const cdp = process.env.PROFILE && attempt === 0 ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.start");
  }
  const draggedId = await page.locator(".react-flow__node.selected").getAttribute("data-id");
  await page.evaluate(() => {
    const counters = window as unknown as { __nodeRenders: Record<string, number> };
    for (const key of Object.keys(counters.__nodeRenders)) delete counters.__nodeRenders[key];
  });
  const dragBegan = Date.now();
  await page.mouse.move(box.x + 5, box.y + 5);
  await page.mouse.down();
  await page.mouse.move(box.x + 220, box.y + 112, { steps: 20 });
  await page.mouse.up();
  dragTimes.push(Date.now() - dragBegan);
  const renders = await page.evaluate(() => (window as unknown as { __nodeRenders: Record<string, number> }).__nodeRenders);
  draggedNodeRenders.push(renders[`node-${draggedId}`] ?? 0);
  otherNodesReRendered.push(Object.keys(renders).filter((key) => key !== `node-${draggedId}`).length);
  if (cdp) {
    const { profile } = (await cdp.send("Profiler.stop")) as {
      profile: {
        nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
        samples: number[];
        timeDeltas: number[];
      };
    };
    const self = new Map<string, number>();
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    profile.samples.forEach((sample, index) => {
      const frame = byId.get(sample)!.callFrame;
      const key = `${frame.functionName} ${frame.url.split("/").pop()}:${frame.lineNumber}`;
      self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0));
    });
    console.log(
      [...self]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 25)
        .map(([key, time]) => `${(time / 1000).toFixed(0).padStart(6)} ${key}`)
        .join("\n"),
    );
  }
  await page.close();
}
await browser.close();

const figures = {
  setup: "headless Debian Chromium, 1600×1000 viewport, built web app (next start), flow of 1,000 nodes and 1,200 edges",
  nodes: graph.nodes.length,
  edges: graph.edges.length,
  openToInteractiveMs: { runs: openTimes, p50: round(percentile(openTimes, 50)), max: Math.max(...openTimes) },
  dragTwentyStepsMs: { runs: dragTimes, p50: round(percentile(dragTimes, 50)) },
  // per drag: how many times the dragged node rendered, and how many other nodes rendered at all (target 0)
  dragRenders: { draggedNode: draggedNodeRenders, otherNodes: otherNodesReRendered },
};
console.log(JSON.stringify(figures, null, 2));
await writeResult("editor", figures);
await platform.stop();
process.exit(0);
