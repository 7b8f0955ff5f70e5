// What the Bot and For each nodes share: which bot of the workspace they call (and which of its
// graphs), loading it through the run's bot service (which refuses loops and chains too deep), and
// one call of it as a nested run whose failure becomes an error people can read.
import {
  optionLabels,
  reference,
  visibleWhen,
  type BotRef,
  type EngineServices,
  type LoadedBot,
  type NodeContext,
  type RunInput,
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

/** Runs `bot` once on `message`; resolves with its reply, rejects with its error (or the cancellation). */
export async function callBot(
  context: Pick<NodeContext<unknown>, "runSubflow" | "run">,
  bot: LoadedBot,
  message: string,
  step: { kind: string; index: number; signal: AbortSignal },
): Promise<string> {
  const input: RunInput = { message, ...(context.run.input.variables && { variables: context.run.input.variables }) };
  if (!context.runSubflow) throw new AppError("UNAVAILABLE", "Running another flow is not available here");
  const result = await context.runSubflow({ flow: bot.flow, input, bot: { id: bot.id, name: bot.name }, name: bot.name, ...step });
  step.signal.throwIfAborted();
  if (result.status !== "SUCCEEDED")
    throw new Error(`bot "${bot.name}" ${result.status === "CANCELLED" ? "was cancelled" : "failed"}: ${result.error}`);
  return result.output ?? "";
}
