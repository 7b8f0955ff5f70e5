// Compares two sides, each an eval run and one of its variants: ?before=<runId>:<variant>&after=<runId>:<variant>.
import { z } from "zod";
import { route } from "@/server/route";
import { compareEvalSides } from "@/server/evals";

const side = (name: string) =>
  z
    .string({ error: `${name} must look like <evalRunId>:<variantKey>` })
    .regex(/^[^:]+:.+$/, `${name} must look like <evalRunId>:<variantKey>`)
    .transform((value) => {
      const at = value.indexOf(":");
      return { evalRunId: value.slice(0, at), variantKey: value.slice(at + 1) };
    });

const compareQuerySchema = z.object({ before: side("before"), after: side("after") });

export const GET = route({ role: "VIEWER", apiKeyScope: "evals", query: compareQuerySchema }, async ({ workspaceId, query }) =>
  compareEvalSides(workspaceId, query.before, query.after),
);
