// Reading a judge model's verdict: shared by the LLM judge and the knowledge-base judges.
import { z } from "zod";

const judgeReplySchema = z.object({ score: z.coerce.number().min(0).max(1), reason: z.string().default("") });

/** The judge is asked for JSON, but models wrap it in prose or fences: take the first object found. */
export function parseJudgeReply(text: string): { score: number; reason: string } | null {
  const match = /\{[\s\S]*\}/.exec(text);
  if (!match) return null;
  try {
    const parsed = judgeReplySchema.safeParse(JSON.parse(match[0]));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
