// Asks several models the same thing at once and keeps one answer: the most common one (majority) or
// the one a judge model rates best. Every answer is a sub-step of the trace and part of the output.
import { defineNode, optionLabels, type ModelResponse, type NodeContext } from "@switchyard/engine";
import { z } from "zod";
import { callSettings, conversation, modelTargetSchema, requestSettings, systemPromptSchema } from "./shared/model-target";

const configSchema = z.object({
  models: z.array(modelTargetSchema).min(2, "Add at least two models").max(8).meta({ title: "Models" }),
  /** majority: the answer most models gave (ties go to the earlier model); judge: a model picks the best. */
  pick: z
    .enum(["majority", "judge"])
    .default("majority")
    .meta({ title: "Pick", ...optionLabels({ majority: "Most common answer", judge: "Best, as rated by a judge model" }) }),
  judge: modelTargetSchema.meta({ title: "Judge model" }).optional(),
  judgeHint: z.string().max(4_000).default("").meta({ title: "Judge instructions" }),
  system: systemPromptSchema,
  ...callSettings,
});
type EnsembleConfig = z.infer<typeof configSchema>;

interface Answer {
  model: string;
  text?: string;
  error?: string;
}

// answers that differ only in case, spacing or final punctuation count as the same
const normalise = (text: string) =>
  text
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/[\s.!?]+$/, "")
    .trim();

function majority(answers: Answer[]): { index: number; votes: number } {
  const counts = answers.map((answer) =>
    answer.text === undefined
      ? 0
      : answers.filter((other) => other.text !== undefined && normalise(other.text) === normalise(answer.text!)).length,
  );
  const votes = Math.max(...counts);
  return { index: counts.indexOf(votes), votes };
}

async function judge(
  config: EnsembleConfig,
  question: string,
  answers: Answer[],
  context: Pick<NodeContext<EnsembleConfig>, "services" | "signal">,
) {
  const candidates = answers.map((answer, index) => ({ ...answer, number: index + 1 })).filter((answer) => answer.text !== undefined);
  const response = await context.services.models.generate(
    {
      ...config.judge!,
      system: ["You compare answers to a question. Reply with the number of the best answer and nothing else.", config.judgeHint]
        .filter(Boolean)
        .join("\n"),
      messages: [
        {
          role: "user",
          content: `Question:\n${question}\n\n${candidates.map((answer) => `Answer ${answer.number}:\n${answer.text}`).join("\n\n")}`,
        },
      ],
      temperature: 0,
      maxTokens: 10,
      timeoutMs: config.timeoutMs,
      maxRetries: config.maxRetries,
      stream: false,
    },
    { signal: context.signal },
  );
  const number = Number(response.text.match(/\d+/)?.[0]);
  const chosen = candidates.find((answer) => answer.number === number);
  return { response, index: chosen ? number - 1 : null };
}

export const ensemble = defineNode({
  type: "ensemble",
  label: "Ensemble",
  category: "Model",
  description: "Sends the prompt to several models at once and keeps the majority answer or the one a judge model picks.",
  inputs: [
    { name: "prompt", label: "Prompt", type: "text", required: true },
    { name: "history", label: "History", type: "messages" },
  ],
  outputs: [{ name: "text", label: "Reply", type: "text" }],
  config: configSchema,
  check: (config) => (config.pick === "judge" && !config.judge ? ["choose the judge's provider and model"] : []),
  async execute({ config, inputs, services, signal, recordStep }) {
    const question = String(inputs.prompt ?? "");
    const answers: Answer[] = await Promise.all(
      config.models.map(async (target): Promise<Answer> => {
        const startedAt = Date.now();
        let response: ModelResponse;
        try {
          response = await services.models.generate(
            {
              ...target,
              ...requestSettings(config),
              messages: conversation(inputs),
              stream: false,
            },
            { signal },
          );
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          recordStep({
            kind: "model",
            name: target.model,
            status: "FAILED",
            input: {},
            output: null,
            error: message,
            startedAt,
            finishedAt: Date.now(),
          });
          return { model: target.model, error: message };
        }
        recordStep({
          kind: "model",
          name: target.model,
          status: "SUCCEEDED",
          input: {},
          output: { text: response.text },
          usage: response.usage,
          startedAt,
          finishedAt: Date.now(),
        });
        return { model: target.model, text: response.text };
      }),
    );
    signal.throwIfAborted();
    if (answers.every((answer) => answer.text === undefined))
      throw new Error(`every model failed: ${answers.map((answer) => `${answer.model}: ${answer.error}`).join("; ")}`);

    let index: number;
    let reason: string;
    let judgeResponse: ModelResponse | undefined;
    const vote = majority(answers);
    if (config.pick === "judge") {
      const verdict = await judge(config, question, answers, { services, signal });
      judgeResponse = verdict.response;
      index = verdict.index ?? vote.index;
      reason =
        verdict.index === null
          ? `the judge answered "${verdict.response.text.trim()}", which names no answer, so the majority answer was kept`
          : `the judge ${verdict.response.usage.model} picked answer ${index + 1}`;
    } else {
      index = vote.index;
      reason = `${vote.votes} of ${answers.length} models gave this answer`;
    }
    const chosen = answers[index]!;
    return {
      outputs: { text: chosen.text },
      ...(judgeResponse && { usage: judgeResponse.usage, attempts: judgeResponse.attempts }),
      detail: { answers, chosen: index, reason },
      note: `Kept ${chosen.model}'s answer: ${reason}`,
    };
  },
});
