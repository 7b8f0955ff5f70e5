// "Add the thumbs-down answers to a dataset": rated production runs become the dataset's next version;
// runs already in it are not added twice.
import { addRatedRunsToDataset } from "@switchyard/db";
import { z } from "zod";
import { json, route } from "@/server/route";
import { db } from "@/server/services";

const day = (field: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${field} must look like 2026-11-25`)
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), `${field} is not a real date`)
    .transform((value) => new Date(`${value}T00:00:00Z`));

const fromFeedbackSchema = z
  .object({
    score: z.union([z.literal(1), z.literal(-1)], { error: "score must be 1 (thumbs up) or -1 (thumbs down)" }).default(-1),
    deploymentId: z.string().min(1).max(100).optional(),
    /** Ratings given on this UTC day or later… */
    from: day("from").optional(),
    /** …up to and including this one. */
    to: day("to").optional(),
  })
  .refine((body) => !body.from || !body.to || body.from <= body.to, { path: ["to"], message: "to is before from" });

export const POST = route({ role: "EDITOR", body: fromFeedbackSchema }, async ({ workspaceId, params, body }) => {
  const result = await addRatedRunsToDataset(db(), workspaceId, params.datasetId!, {
    score: body.score,
    deploymentId: body.deploymentId,
    since: body.from,
    until: body.to && new Date(body.to.getTime() + 86_400_000),
  });
  return json(result, result.added ? 201 : 200);
});
