// "Use this router": writes a Router node in learned mode into the bot's draft (or updates it).
import { adoptLearnedRouter } from "@switchyard/runner/router-control";
import { z } from "zod";
import { route } from "@/server/route";
import { db } from "@/server/services";

const adoptSchema = z.object({
  /** Defaults to the threshold cross-validation chose. */
  threshold: z.number().min(0, "The threshold is between 0 and 1.01").max(1.01, "The threshold is between 0 and 1.01").optional(),
});

export const POST = route({ role: "EDITOR", body: adoptSchema }, async ({ workspaceId, params, body }) =>
  adoptLearnedRouter(db(), workspaceId, params.routerId!, body.threshold),
);
