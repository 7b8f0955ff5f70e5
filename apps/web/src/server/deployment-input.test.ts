import { describe, expect, it } from "vitest";
import { updateDeploymentSchema } from "./deployment-input";

describe("deployment settings from the deployment page", () => {
  it("trim texts, and an empty one goes back to its default (null)", () => {
    expect(
      updateDeploymentSchema.parse({
        mcpDescription: "  Answers shipping questions.  ",
        chatTitle: "   ",
        chatGreeting: "",
        shareEnabled: true,
      }),
    ).toEqual({ mcpDescription: "Answers shipping questions.", chatTitle: null, chatGreeting: null, shareEnabled: true });
  });

  it("refuse a colour that is not a hex colour, an unknown theme and an over-long description, naming the field", () => {
    const issue = (body: unknown) => updateDeploymentSchema.safeParse(body).error?.issues[0];
    expect(issue({ chatAccent: "red" })).toMatchObject({
      path: ["chatAccent"],
      message: "The accent colour is a hex colour such as #4f46e5",
    });
    expect(issue({ chatTheme: "neon" })).toMatchObject({ path: ["chatTheme"], message: "The theme is light, dark or auto" });
    expect(issue({ mcpDescription: "x".repeat(1_001) })).toMatchObject({
      path: ["mcpDescription"],
      message: "The tool description is longer than 1,000 characters",
    });
  });
});
