import { describe, expect, it } from "vitest";
import { ensemble } from "./ensemble";
import { runNode, scriptedModels } from "./shared/test-support";

const models = [
  { credentialId: "c", model: "a" },
  { credentialId: "c", model: "b" },
  { credentialId: "c", model: "c" },
];
const replies: Record<string, string> = { a: "Paris", b: "paris.", c: "Lyon" };

describe("ensemble", () => {
  it("asks every model at once and keeps the majority answer, recording each answer", async () => {
    let inFlight = 0;
    let most = 0;
    const gateway = scriptedModels(async (request) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 10));
      inFlight--;
      return { text: replies[request.model] };
    });
    const { result, steps } = await runNode(ensemble, { models }, { prompt: "Capital of France?" }, { models: gateway });
    expect(most).toBe(3);
    expect(result.outputs).toEqual({ text: "Paris" });
    expect(result.note).toBe("Kept a's answer: 2 of 3 models gave this answer");
    expect(result.detail).toMatchObject({
      chosen: 0,
      answers: [
        { model: "a", text: "Paris" },
        { model: "b", text: "paris." },
        { model: "c", text: "Lyon" },
      ],
    });
    expect(steps.map((step) => [step.kind, step.name, step.status, step.usage?.costUsd])).toEqual([
      ["model", "a", "SUCCEEDED", 0.001],
      ["model", "b", "SUCCEEDED", 0.001],
      ["model", "c", "SUCCEEDED", 0.001],
    ]);
  });

  it("lets a judge pick, and keeps going when some models fail", async () => {
    const gateway = scriptedModels((request) => {
      if (request.model === "b") throw new Error("openai b: 503");
      return { text: request.model === "judge" ? "Answer 3" : replies[request.model] };
    });
    const config = { models, pick: "judge", judge: { credentialId: "c", model: "judge" } };
    const { result, steps } = await runNode(ensemble, config, { prompt: "Q?" }, { models: gateway });
    expect(result.outputs).toEqual({ text: "Lyon" });
    expect(result.note).toBe("Kept c's answer: the judge judge picked answer 3");
    expect(result.usage).toMatchObject({ model: "judge" });
    expect(steps.find((step) => step.name === "b")).toMatchObject({ status: "FAILED", error: "openai b: 503" });
    const judged = gateway.requests.find((request) => request.model === "judge")!;
    expect(judged.messages[0]).toMatchObject({ content: "Question:\nQ?\n\nAnswer 1:\nParis\n\nAnswer 3:\nLyon" });
  });

  it("fails when every model fails, naming each error", async () => {
    const gateway = scriptedModels((request) => {
      throw new Error(`${request.model} is down`);
    });
    await expect(runNode(ensemble, { models: models.slice(0, 2) }, { prompt: "Q" }, { models: gateway })).rejects.toThrow(
      "every model failed: a: a is down; b: b is down",
    );
  });

  it("needs a judge when told to use one", () => {
    expect(ensemble.check!(ensemble.config.parse({ models, pick: "judge" }))).toEqual(["choose the judge's provider and model"]);
  });
});
