// Runs JavaScript a user wrote, in the sandbox the worker provides (@switchyard/sandbox): no process,
// file system, network or environment, with limits on time, memory and output. Connected to an agent it is a tool whose
// arguments arrive as `input`; with its Input connected it runs once in the flow.
import { defineNode, type CodeSandbox, type ToolHandle } from "@switchyard/engine";
import { AppError } from "@switchyard/errors";
import { z } from "zod";
import { toolConfigFields } from "./shared/tool-config";

const codeConfigSchema = z.object({
  code: z
    .string()
    .min(1, "Write the code")
    .max(100_000)
    .default("// `input` holds the node's input; return the result\nreturn input;")
    .meta({ title: "Code" }),
  timeoutMs: z.number().int().min(10).max(30_000).default(1_000).meta({ title: "Timeout (ms)" }),
  memoryMb: z.number().int().min(1).max(256).default(32).meta({ title: "Memory limit (MB)" }),
  ...toolConfigFields("run_code", "Runs a JavaScript function on the given arguments."),
  /** JSON Schema of the arguments an agent passes (they become `input`). */
  parameters: z
    .record(z.string(), z.unknown())
    .default({ type: "object", properties: {}, additionalProperties: true })
    .meta({ title: "Tool parameters (JSON Schema)" }),
});

const maxOutputBytes = 1024 * 1024;

type Limits = Parameters<CodeSandbox["run"]>[2];

// a cancelled run (or a stopped agent) aborts `signal`: the sandbox then stops the code and rejects
async function runCode(sandbox: CodeSandbox | undefined, code: string, input: unknown, limits: Limits, signal: AbortSignal) {
  if (!sandbox) throw new AppError("UNAVAILABLE", "The code sandbox is not available here");
  const result = await sandbox.run(code, input, limits, { signal });
  if (!result.ok) throw new AppError("BAD_REQUEST", `The code failed: ${result.error}`);
  return result;
}

export const code = defineNode({
  type: "code",
  label: "Code",
  category: "Tools",
  description: "Runs your JavaScript in a sandbox; a tool for agents, or once in the flow when its Input is connected.",
  inputs: [{ name: "input", label: "Input", type: "any" }],
  outputs: [
    { name: "result", label: "Result", type: "any" },
    { name: "tool", label: "Tool", type: "tool" },
  ],
  config: codeConfigSchema,
  async execute({ config, inputs, services, signal }) {
    const limits = { timeoutMs: config.timeoutMs, memoryBytes: config.memoryMb * 1024 * 1024, maxOutputBytes };
    const tool: ToolHandle = {
      name: config.toolName,
      description: config.toolDescription,
      parameters: config.parameters,
      invoke: async (args, options) => (await runCode(services.sandbox, config.code, args, limits, options.signal)).value,
    };
    if (inputs.input === undefined) return { outputs: { tool } };
    const { value, logs } = await runCode(services.sandbox, config.code, inputs.input, limits, signal);
    return { outputs: { result: value, logs, tool } };
  },
});
