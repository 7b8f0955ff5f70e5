// For node unit tests only: runs one node's execute with a scripted model gateway, collecting the
// requests it made, the sub-steps it recorded and the events it emitted.
import {
  PauseNotAllowedError,
  RunPausedSignal,
  type ApprovalAnswer,
  type EngineServices,
  type ModelRequest,
  type ModelResponse,
  type ModelUsage,
  type NodeDefinition,
  type RunEvent,
  type RunInput,
  type SubStep,
} from "@switchyard/engine";

type Answer = Partial<Omit<ModelResponse, "usage">> & { usage?: Partial<ModelUsage> };

/** `answer` returns the model's reply for a request, or throws as a failed provider would. */
export function scriptedModels(answer: (request: ModelRequest) => Answer | Promise<Answer>) {
  const requests: ModelRequest[] = [];
  return {
    requests,
    async generate(request: ModelRequest, options: { onToken?: (text: string) => void }): Promise<ModelResponse> {
      requests.push(structuredClone({ ...request }));
      const reply = await answer(request);
      const text = reply.text ?? "";
      if (request.stream && text) options.onToken?.(text);
      return {
        text,
        toolCalls: reply.toolCalls ?? [],
        attempts: reply.attempts ?? [{ startedAt: 0, latencyMs: 1 }],
        usage: { provider: "OPENAI", model: request.model, tokensIn: 10, tokensOut: 5, costUsd: 0.001, attempts: 1, ...reply.usage },
      };
    },
  };
}

export async function runNode(
  definition: NodeDefinition,
  config: unknown,
  inputs: Record<string, unknown>,
  options: {
    models?: ReturnType<typeof scriptedModels>;
    input?: Partial<RunInput>;
    spentUsd?: number;
    services?: Omit<EngineServices, "models">;
    /** Answers by the node's own key; a key without one pauses (throws RunPausedSignal). */
    answers?: Record<string, ApprovalAnswer>;
    savedState?: unknown;
    /** Pausing fails as in an eval run. */
    unpausable?: boolean;
  } = {},
) {
  const steps: SubStep[] = [];
  const events: RunEvent[] = [];
  const result = await definition.execute({
    nodeId: "n",
    config: definition.config.parse(config),
    inputs,
    run: { id: "r", input: { message: "hello", ...options.input }, spentUsd: () => options.spentUsd ?? 0 },
    services: { ...options.services, models: options.models ?? scriptedModels(() => ({ text: "" })) },
    signal: new AbortController().signal,
    emit: (event) => events.push(event),
    recordStep: (step) => {
      steps.push(step);
      return `n/${step.kind}-${steps.length}:${step.name}`;
    },
    waitFor: (pause) => {
      const answer = options.answers?.[pause.key];
      if (answer) return answer;
      if (options.unpausable) throw new PauseNotAllowedError();
      throw new RunPausedSignal(pause);
    },
    savedState: options.savedState,
  });
  return { result, steps, events };
}
