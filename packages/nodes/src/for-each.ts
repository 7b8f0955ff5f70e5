// Runs another bot of the workspace once per item of a list, a few at a time, and collects the
// replies in the items' order. Each item is a nested run under this step in the trace; the editor
// shows how many are done. An item that fails either stops the loop or is collected with its error.
import { defineNode, ITEM_PAUSE_REFUSAL, optionLabels, type LoadedBot, type NodeContext } from "@switchyard/engine";
import { z } from "zod";
import { asMessage, botTargetFields, callBot, checkBotTarget, loadBot } from "./shared/bot-target";
import { listItems } from "./shared/list-items";

const forEachConfigSchema = z.object({
  ...botTargetFields,
  split: z
    .enum(["auto", "json", "lines", "records"])
    .default("auto")
    .meta({
      title: "Items",
      ...optionLabels({
        auto: "JSON array, else one per line",
        json: "JSON array",
        lines: "One per line",
        records: "Blocks separated by a blank line",
      }),
    }),
  concurrency: z.number().int().min(1).max(64).default(4).meta({ title: "Items at a time" }),
  maxItems: z.number().int().min(1).max(10_000).default(100).meta({ title: "Most items" }),
  onError: z
    .enum(["stop", "collect"])
    .default("stop")
    .meta({ title: "When an item fails", ...optionLabels({ stop: "Stop the loop", collect: "Collect the error and go on" }) }),
  separator: z.string().max(100).default("\n\n").meta({ title: "Separator (joined replies)" }),
});
type ForEachConfig = z.infer<typeof forEachConfigSchema>;

interface ItemError {
  index: number;
  error: string;
}

/** Runs the items through `called`, at most `concurrency` at once; stops starting new ones once `stop` aborts. */
async function runItems(context: NodeContext<ForEachConfig>, called: LoadedBot, items: unknown[]) {
  const { config, signal, progress } = context;
  const results: (string | null)[] = new Array<string | null>(items.length).fill(null);
  const errors: ItemError[] = [];
  // a failed item under "stop" aborts the items still running, as a cancelled run would
  const stop = new AbortController();
  const stopAll = () => stop.abort(signal.reason);
  signal.addEventListener("abort", stopAll, { once: true });
  let next = 0;
  let done = 0;
  async function worker() {
    while (next < items.length && !stop.signal.aborted) {
      const index = next++;
      try {
        results[index] = await callBot(context, called, asMessage(items[index]), {
          kind: "item",
          index: index + 1,
          signal: stop.signal,
          pauseRefusal: ITEM_PAUSE_REFUSAL,
        });
      } catch (caught) {
        if (signal.aborted) return;
        const error = caught instanceof Error ? caught.message : String(caught);
        if (stop.signal.aborted) return; // stopped by an earlier item's failure: not this item's error
        errors.push({ index, error });
        if (config.onError === "stop") stop.abort(new Error(`item ${index + 1} failed: ${error}`));
      }
      progress?.(++done, items.length);
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.min(config.concurrency, items.length) }, worker));
  } finally {
    signal.removeEventListener("abort", stopAll);
  }
  signal.throwIfAborted();
  if (stop.signal.aborted) throw stop.signal.reason as Error;
  return { results, errors: errors.sort((a, b) => a.index - b.index) };
}

export const forEach = defineNode({
  type: "for-each",
  label: "For each",
  category: "Logic",
  description: "Runs another bot once per item of a list (a JSON array, or lines of text) and collects the replies in order.",
  inputs: [{ name: "list", label: "List", type: "any", required: true }],
  outputs: [
    { name: "results", label: "Results", type: "json" },
    { name: "text", label: "Joined replies", type: "text" },
    { name: "errors", label: "Errors", type: "json" },
  ],
  config: forEachConfigSchema,
  check: checkBotTarget,
  async execute(context) {
    const { config, inputs, services, run, progress } = context;
    const parsed = listItems(inputs.list, config.split);
    if ("error" in parsed) throw new Error(parsed.error);
    const { items } = parsed;
    if (items.length > config.maxItems)
      throw new Error(`the list has ${items.length} items, more than this node's limit of ${config.maxItems} ("Most items")`);
    if (!items.length) return { outputs: { results: [], text: "", errors: [] }, note: "The list is empty: nothing to run" };
    const called = await loadBot(services, config, run.callPath);
    progress?.(0, items.length);
    const { results, errors } = await runItems(context, called, items);
    const succeeded = results.filter((result) => result !== null);
    return {
      outputs: { results, text: succeeded.join(config.separator), errors },
      detail: { bot: { id: called.id, name: called.name }, items: items.length, failed: errors.length },
      note: `${items.length} item${items.length === 1 ? "" : "s"} through bot "${called.name}"${errors.length ? `, ${errors.length} failed` : ""}`,
    };
  },
});
