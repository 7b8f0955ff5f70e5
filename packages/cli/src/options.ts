// `switchyard eval` options: read from the command line and the environment, checked by one schema.
import { parseArgs } from "node:util";
import { z } from "zod";

export const USAGE = `Usage: switchyard eval --bot BOT_ID --dataset DATASET_ID [options]

Runs the dataset against the bot on a Switchyard server, waits for the result, prints a table per
variant, and exits 1 when a variant misses a threshold or is significantly worse than the baseline.

What to measure (default: the bot's latest version)
  --version N            a saved version
  --draft                the bot's draft (saved as a version when it differs from the latest)
  --flow FILE            a flow file exported from the editor (saved as a version of the bot)
  --variants FILE        JSON array of variants ({ key, label, overrides }); default: the flow as it is
  --evaluators FILE      JSON array of evaluators; default: exact match on the expected values

Gates (exit 1 when any fails)
  --min-score X          every variant's mean score at least X (0 to 1)
  --min-pass-rate X      every variant's pass rate at least X (0 to 1)
  --baseline RUN_ID      no variant significantly worse than this eval run (sign test, p < 0.05)

Output
  --junit FILE           JUnit XML: one test case per variant and gate
  --summary FILE         Markdown summary (for $GITHUB_STEP_SUMMARY)

Connection
  --url URL              server (env SWITCHYARD_URL, default http://localhost:3000)
  --workspace ID         workspace (env SWITCHYARD_WORKSPACE)
  API key with the "evals" scope in env SWITCHYARD_API_KEY
  --no-cache             call the providers even for requests answered before
  --concurrency N        requests in flight per provider (default 8)
  --timeout SECONDS      give up waiting after this long (default 1800)`;

const fraction = (name: string) => z.coerce.number().min(0, `${name} is 0 to 1`).max(1, `${name} is 0 to 1`).optional();

export const evalOptionsSchema = z
  .object({
    url: z.url("--url must be a URL").default("http://localhost:3000"),
    workspace: z.string({ error: "Give --workspace (or SWITCHYARD_WORKSPACE)" }).min(1, "Give --workspace (or SWITCHYARD_WORKSPACE)"),
    apiKey: z.string({ error: "Set SWITCHYARD_API_KEY to an API key with the evals scope" }).min(1),
    bot: z.string({ error: "Give --bot" }).min(1, "Give --bot"),
    dataset: z.string({ error: "Give --dataset" }).min(1, "Give --dataset"),
    version: z.coerce.number().int().positive("--version is a version number").optional(),
    draft: z.boolean().default(false),
    flow: z.string().optional(),
    variants: z.string().optional(),
    evaluators: z.string().optional(),
    minScore: fraction("--min-score"),
    minPassRate: fraction("--min-pass-rate"),
    baseline: z.string().min(1).optional(),
    junit: z.string().optional(),
    summary: z.string().optional(),
    cache: z.boolean().default(true),
    concurrency: z.coerce.number().int().min(1).max(64).default(8),
    timeout: z.coerce.number().positive().default(1_800),
  })
  .refine((options) => [options.version !== undefined, options.draft, options.flow !== undefined].filter(Boolean).length <= 1, {
    message: "Give at most one of --version, --draft and --flow",
  });
export type EvalOptions = z.infer<typeof evalOptionsSchema>;

export function readEvalOptions(args: string[], env: NodeJS.ProcessEnv): EvalOptions {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      url: { type: "string" },
      workspace: { type: "string" },
      bot: { type: "string" },
      dataset: { type: "string" },
      version: { type: "string" },
      draft: { type: "boolean" },
      flow: { type: "string" },
      variants: { type: "string" },
      evaluators: { type: "string" },
      "min-score": { type: "string" },
      "min-pass-rate": { type: "string" },
      baseline: { type: "string" },
      junit: { type: "string" },
      summary: { type: "string" },
      "no-cache": { type: "boolean" },
      concurrency: { type: "string" },
      timeout: { type: "string" },
    },
  });
  const parsed = evalOptionsSchema.safeParse({
    url: values.url ?? env.SWITCHYARD_URL,
    workspace: values.workspace ?? env.SWITCHYARD_WORKSPACE,
    apiKey: env.SWITCHYARD_API_KEY,
    bot: values.bot,
    dataset: values.dataset,
    version: values.version,
    draft: values.draft,
    flow: values.flow,
    variants: values.variants,
    evaluators: values.evaluators,
    minScore: values["min-score"],
    minPassRate: values["min-pass-rate"],
    baseline: values.baseline,
    junit: values.junit,
    summary: values.summary,
    cache: !values["no-cache"],
    concurrency: values.concurrency,
    timeout: values.timeout,
  });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((issue) => issue.message).join("\n"));
  return parsed.data;
}

export class UsageError extends Error {}
