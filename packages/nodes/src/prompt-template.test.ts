import { describe, expect, it } from "vitest";
import { promptTemplate } from "./prompt-template";
import { runNode } from "./shared/test-support";

const run = async (config: unknown, input: string, variables?: Record<string, string>) =>
  (await runNode(promptTemplate, config, { input }, { input: { message: "the user's words", variables } })).result;

describe("prompt template", () => {
  it("fills {{input}}, {{message}}, run variables and defaults", async () => {
    const config = {
      template: "Tone: {{ tone }}. Q: {{input}} ({{message}}) for {{customer}}",
      variables: { tone: "warm", customer: "Ann" },
    };
    expect((await run(config, "Where is my order?", { customer: "Bob" })).outputs.prompt).toBe(
      "Tone: warm. Q: Where is my order? (the user's words) for Bob",
    );
  });

  it("fills {{context}} from its second input, so a retrieval result and the user's message reach one prompt", async () => {
    const config = { template: "Answer from these passages:\n{{context}}\n\nQuestion: {{input}}" };
    const { result } = await runNode(promptTemplate, config, { input: "Can I return boots?", context: "[1] returns.md: 60 days" });
    expect(result.outputs.prompt).toBe("Answer from these passages:\n[1] returns.md: 60 days\n\nQuestion: Can I return boots?");
    expect(promptTemplate.inputs.map((port) => [port.name, port.required ?? false])).toEqual([
      ["input", true],
      ["context", false],
    ]);
    // an unconnected context is empty, and is not reported as a variable without a value
    expect((await run({ template: "{{context}}{{input}}" }, "hi")).outputs.prompt).toBe("hi");
    expect(promptTemplate.check!(promptTemplate.config.parse({ template: "{{context}} {{input}}" }))).toEqual([]);
  });

  it("reports variables that have no value", () => {
    const config = promptTemplate.config.parse({ template: "Hi {{name}}, about {{topic}}: {{input}}", variables: { topic: "billing" } });
    expect(promptTemplate.check!(config)).toEqual(["{{name}} has no value: give it a default value or remove it"]);
  });
});
