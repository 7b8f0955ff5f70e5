import { isFieldVisible, type EngineServices, type FieldVisibility, type ModelGateway } from "@switchyard/engine";
import { runSandboxed } from "@switchyard/sandbox";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { evaluate } from "./evaluate";

const noModels: ModelGateway = { generate: () => Promise.reject(new Error("no model in this test")) };
const run = (
  config: Record<string, unknown>,
  inputs: Record<string, unknown>,
  models = noModels,
  extra: Partial<EngineServices> = {},
  signal = new AbortController().signal,
) =>
  evaluate.execute({
    nodeId: "eval-1",
    config: evaluate.config.parse(config),
    inputs,
    run: { id: "r", input: { message: "" }, spentUsd: () => 0 },
    services: { models, ...extra },
    signal,
    emit: () => undefined,
    recordStep: () => "",
  });

describe("evaluate node", () => {
  it("scores its text against the Expected input and passes the text on", async () => {
    expect(await run({ kind: "contains" }, { text: "It is Paris.", expected: "paris" })).toEqual({
      outputs: { text: "It is Paris.", score: { score: 1, passed: true, reason: 'Contains "paris"' } },
    });
  });

  it("checks JSON against a schema given as JSON text", async () => {
    const schema = JSON.stringify({ type: "object", properties: { city: { type: "string" } }, required: ["city"] });
    expect((await run({ kind: "json", schema }, { text: '{"town":"x"}' })).outputs.score).toMatchObject({ passed: false });
  });

  it("asks the judge model through the gateway and reports its score and reason", async () => {
    const models: ModelGateway = {
      generate: async (request) => ({
        text: '{"score": 0.25, "reason": "Vague"}',
        usage: { provider: "OPENAI", model: request.model, tokensIn: 1, tokensOut: 1, costUsd: 0, attempts: 1 },
        attempts: [],
        toolCalls: [],
      }),
    };
    const result = await run({ kind: "llm_judge", credentialId: "c", model: "judge", rubric: "Specific?" }, { text: "Somewhere" }, models);
    expect(result.outputs.score).toEqual({ score: 0.25, passed: false, reason: "Vague" });
  });

  it("reports configuration problems for validation", () => {
    expect(evaluate.check!(evaluate.config.parse({ kind: "regex", pattern: "(" }))).toEqual([
      'Pattern: "(" is not a valid regular expression',
    ]);
    expect(evaluate.check!(evaluate.config.parse({ kind: "regex", pattern: "(?<=x)y" }))).toEqual([
      'Pattern: "(?<=x)y" uses lookaround ((?=…), (?!…), (?<=…), (?<!…)), which cannot run in linear time; rewrite it without them',
    ]);
    expect(evaluate.check!(evaluate.config.parse({ kind: "llm_judge" }))).toContain("Choose the judge's provider");
    expect(evaluate.check!(evaluate.config.parse({ kind: "json", schema: "{" }))).toEqual(["The JSON schema is not valid JSON"]);
  });

  it("runs a JavaScript assertion in the sandbox on { input, expected, output }", async () => {
    const sandbox = { sandbox: { run: runSandboxed } };
    const config = { kind: "javascript", code: "return input.output.includes(input.expected) ? 0.75 : false;" };
    expect((await run(config, { text: "It is Paris.", expected: "Paris" }, noModels, sandbox)).outputs.score).toEqual({
      score: 0.75,
      passed: true,
      reason: "The assertion scored 0.75",
    });
    expect((await run(config, { text: "Lyon", expected: "Paris" }, noModels, sandbox)).outputs.score).toMatchObject({
      score: 0,
      passed: false,
    });
    // the code runs with no host access: `process` does not exist in the sandbox
    expect((await run({ kind: "javascript", code: "return process.env;" }, { text: "x" }, noModels, sandbox)).outputs.score).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/^The assertion failed to run: .*process/),
    });
  });

  it("stops a running JavaScript assertion when the run is cancelled", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const config = { kind: "javascript", code: "while (true) {}" };
    await expect(run(config, { text: "x" }, noModels, { sandbox: { run: runSandboxed } }, controller.signal)).rejects.toThrow(
      "The code was cancelled",
    );
    // the assertion's own limit is one second
    expect(Date.now() - started).toBeLessThan(600);
  });

  it("a JavaScript assertion needs code, and fails with a reason where no sandbox is available", async () => {
    expect(evaluate.check!(evaluate.config.parse({ kind: "javascript" }))).toContain("Write the assertion");
    expect((await run({ kind: "javascript", code: "return true;" }, { text: "x" })).outputs.score).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/need the sandbox/),
    });
  });

  it("tells the editor which fields each kind uses", () => {
    const { properties } = z.toJSONSchema(evaluate.config, { io: "input" }) as { properties: Record<string, Partial<FieldVisibility>> };
    const fieldsFor = (kind: string) => Object.keys(properties).filter((key) => isFieldVisible(properties[key]!, { kind }));
    expect(fieldsFor("exact_match")).toEqual(["kind", "caseSensitive"]);
    expect(fieldsFor("contains")).toEqual(["kind", "value", "caseSensitive"]);
    expect(fieldsFor("regex")).toEqual(["kind", "pattern", "flags"]);
    expect(fieldsFor("json")).toEqual(["kind", "schema"]);
    expect(fieldsFor("llm_judge")).toEqual(["kind", "credentialId", "model", "rubric", "passThreshold"]);
    expect(fieldsFor("javascript")).toEqual(["kind", "code"]);
  });

  it("still loads configs saved with fields of other kinds", () => {
    const saved = { kind: "contains", value: "Paris", pattern: "^P", rubric: "Specific?", code: "return true;" };
    expect(evaluate.config.parse(saved)).toMatchObject(saved);
    expect(evaluate.check!(evaluate.config.parse(saved))).toEqual([]);
  });
});
