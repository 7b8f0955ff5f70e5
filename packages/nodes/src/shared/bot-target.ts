// What the Bot and For each nodes share: which bot of the workspace they call (and which of its
// graphs), loading it through the run's bot service (which refuses loops and chains too deep), and
// one call of it as a nested run whose failure becomes an error people can read.
import {
  approvalAnswerSchema,
  approvalRequestSchema,
  optionLabels,
  reference,
  visibleWhen,
  type ApprovalAnswer,
  type BotRef,
  type EngineServices,
  type LoadedBot,
  type NodeContext,
  type ResumeFrom,
  type RunInput,
  type RunResult,
  type StepRecord,
} from "@switchyard/engine";
import { AppError } from "@switchyard/errors";
import { z } from "zod";

export const botTargetFields = {
  botId: z
    .string()
    .min(1, "Choose a bot")
    .meta({ title: "Bot", ...reference("bot") }),
  version: z
    .enum(["latest", "draft", "pinned"])
    .default("latest")
    .meta({
      title: "Version",
      ...optionLabels({ latest: "Latest published version", draft: "Latest draft", pinned: "A version by number" }),
    }),
  versionNumber: z
    .number()
    .int()
    .min(1)
    .optional()
    .meta({ title: "Version number", ...visibleWhen("version", ["pinned"]) }),
};

type BotTarget = { botId: string; version: "latest" | "draft" | "pinned"; versionNumber?: number };

export const botRef = (config: BotTarget): BotRef => ({
  botId: config.botId,
  version: config.version === "pinned" ? (config.versionNumber ?? 1) : config.version,
});

export function checkBotTarget(config: BotTarget): string[] {
  return config.version === "pinned" && config.versionNumber === undefined ? ["Version number: enter the version to call"] : [];
}

export function loadBot(services: EngineServices, config: BotTarget, callPath: readonly string[] = []): Promise<LoadedBot> {
  if (!services.bots) throw new AppError("UNAVAILABLE", "Calling other bots is not available here");
  return services.bots.load(botRef(config), callPath);
}

/** A value on an edge as the message a called bot receives. */
export const asMessage = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value ?? null));

function callInput(context: Pick<NodeContext<unknown>, "run">, message: string): RunInput {
  return { message, ...(context.run.input.variables && { variables: context.run.input.variables }) };
}

function replyOf(bot: LoadedBot, result: RunResult, signal: AbortSignal): string {
  signal.throwIfAborted();
  if (result.status !== "SUCCEEDED")
    throw new Error(`bot "${bot.name}" ${result.status === "CANCELLED" ? "was cancelled" : "failed"}: ${result.error}`);
  return result.output ?? "";
}

/** The called bot as a sub-flow of this run: its flow, its input and how the trace names it. */
const subflowOf = (context: Pick<NodeContext<unknown>, "run">, bot: LoadedBot, message: string) => ({
  flow: bot.flow,
  input: callInput(context, message),
  bot: { id: bot.id, name: bot.name },
  name: bot.name,
});

/**
 * Runs `bot` once on `message`, where it cannot pause (an agent's tool, a loop's item: `pauseRefusal`
 * says why); resolves with its reply, rejects with its error (or the cancellation).
 */
export async function callBot(
  context: Pick<NodeContext<unknown>, "runSubflow" | "run">,
  bot: LoadedBot,
  message: string,
  step: { kind: string; index: number; signal: AbortSignal; pauseRefusal: string },
): Promise<string> {
  if (!context.runSubflow) throw new AppError("UNAVAILABLE", "Running another flow is not available here");
  const result = await context.runSubflow({ ...subflowOf(context, bot, message), ...step });
  return replyOf(bot, result, step.signal);
}

/** What a Bot node saves when the bot it called waits for a person: enough to continue that bot later. */
const pausedCallSchema = z.object({
  graphKey: z.string().nullable(),
  checkpoint: z.object({
    done: z.record(z.string(), z.object({ outputs: z.record(z.string(), z.unknown()), reply: z.string().optional() })),
    skipped: z.array(z.string()),
    states: z.record(z.string(), z.unknown()),
  }),
  // the called bot's steps so far, recorded (nested) once it has ended
  steps: z.array(z.custom<StepRecord>((step) => typeof (step as { nodeId?: unknown } | null)?.nodeId === "string")),
  answers: z.record(z.string(), approvalAnswerSchema),
  /** The called bot's pause this node waits on (`<its node id>:<key>`), and what it asks. */
  waitingOn: z.string(),
  request: approvalRequestSchema,
});
type PausedCall = z.infer<typeof pausedCallSchema>;

/**
 * Runs `bot` once on `message` as a Bot node's own call: when the called bot waits for a person, so
 * does this node (the same question, under this node's id), saving the called bot's checkpoint; the
 * answer resumes the called bot from it. A called bot with several open approvals asks them one at a
 * time. In a run that cannot pause, `waitFor` fails as for any approval.
 */
export async function callBotPausing(
  context: Pick<NodeContext<unknown>, "runSubflow" | "run" | "waitFor" | "savedState">,
  bot: LoadedBot,
  message: string,
  step: { kind: string; index: number; signal: AbortSignal },
): Promise<string> {
  if (!context.runSubflow) throw new AppError("UNAVAILABLE", "Running another flow is not available here");
  let resume: ResumeFrom | undefined;
  let answers: Record<string, ApprovalAnswer> = {};
  if (context.savedState !== undefined) {
    const saved: PausedCall = pausedCallSchema.parse(context.savedState);
    // the called bot's checkpoint names its nodes: another graph (a newer version, an edited draft) cannot continue from it
    if (saved.graphKey !== (bot.graphKey ?? null))
      throw new Error(`bot "${bot.name}" changed while this run waited for its approval; run this bot again`);
    const answer = context.waitFor!({ key: saved.waitingOn, request: saved.request });
    answers = { ...saved.answers, [saved.waitingOn]: answer };
    resume = { checkpoint: saved.checkpoint, steps: saved.steps, answers };
  }
  for (;;) {
    const result = await context.runSubflow({ ...subflowOf(context, bot, message), ...step, ...(resume && { resume }) });
    if (result.status !== "WAITING" || !result.paused) return replyOf(bot, result, step.signal);
    const [pause] = result.paused.pauses;
    const state: PausedCall = {
      graphKey: bot.graphKey ?? null,
      checkpoint: result.paused.checkpoint,
      steps: result.steps,
      answers,
      waitingOn: pause!.key,
      request: pause!.request,
    };
    // pauses this run (throws), or, when this question was answered already, continues at once
    const answer = context.waitFor!({ key: pause!.key, request: pause!.request, state });
    answers = { ...answers, [pause!.key]: answer };
    resume = { checkpoint: result.paused.checkpoint, steps: result.steps, answers };
  }
}
