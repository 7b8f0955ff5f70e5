// The services an evaluator needs inside a flow (a judge model through the run's gateway, the sandbox
// for JavaScript assertions), shared by the Evaluate node and the Router's cascade verifier.
import type { EngineServices, ModelResponse } from "@switchyard/engine";
import type { EvaluatorServices } from "@switchyard/evals";

const ASSERTION_LIMITS = { timeoutMs: 1_000, memoryBytes: 32 * 1024 * 1024, maxOutputBytes: 1024 * 1024 };

/** `onJudged` sees the judge's whole response, so a caller can put its usage in the trace. */
export function evaluatorServices(
  services: EngineServices,
  signal: AbortSignal,
  onJudged?: (response: ModelResponse) => void,
): EvaluatorServices {
  return {
    judge: async (request) => {
      const response = await services.models.generate(
        {
          ...request,
          messages: [{ role: "user", content: request.prompt }],
          temperature: 0,
          timeoutMs: 60_000,
          maxRetries: 2,
          stream: false,
        },
        { signal },
      );
      onJudged?.(response);
      return { text: response.text, costUsd: response.usage.costUsd };
    },
    // the limits an eval run's assertions get (the sandbox defaults with one second)
    assert: services.sandbox && ((code, input) => services.sandbox!.run(code, input, ASSERTION_LIMITS, { signal })),
  };
}
