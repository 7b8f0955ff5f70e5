// The arguments of every deployment tool, checked at the edge (the JSON Schema clients see says the same).
import { z } from "zod";

export const MAX_SESSION_ID_CHARS = 200;

export const toolArgumentsSchema = z
  .object({
    message: z.string().trim().min(1, "message is empty"),
    sessionId: z
      .string()
      .min(1, "sessionId is empty")
      .max(MAX_SESSION_ID_CHARS, `sessionId is longer than ${MAX_SESSION_ID_CHARS} characters`)
      .optional(),
  })
  .strict();
