// One click in Evals: the built-in prompt-injection suite against this bot (see server/injection-suite.ts).
import { json, route } from "@/server/route";
import { injectionSuiteInputSchema, startInjectionSuite } from "@/server/injection-suite";

export const POST = route(
  { role: "EDITOR", apiKeyScope: "evals", body: injectionSuiteInputSchema },
  async ({ workspaceId, params, body, user }) => json(await startInjectionSuite(workspaceId, params.botId!, body, user?.id), 201),
);
