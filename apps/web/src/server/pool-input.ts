// A model pool as users send it: a name and 1–16 members in order.
import { z } from "zod";

export const poolSchema = z.object({
  name: z.string().trim().min(1, "Enter a name").max(80),
  members: z
    .array(
      z.object({
        credentialId: z.string().min(1, "Choose a provider"),
        model: z.string().trim().max(200).nullish(),
        weight: z.number().int().min(1).max(100).default(1),
      }),
    )
    .min(1, "Add at least one member")
    .max(16),
});
