import { describe, expect, it } from "vitest";
import { promptTemplate } from "./prompt-template";
import { runNode } from "./test-support";

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

  it("reports variables that have no value", () => {
    const config = promptTemplate.config.parse({ template: "Hi {{name}}, about {{topic}}: {{input}}", variables: { topic: "billing" } });
    expect(promptTemplate.check!(config)).toEqual(["{{name}} has no value: give it a default value or remove it"]);
  });
});
