// Provider credentials as users send them, and "test connection" on one (stored or not yet saved).
import { AppError } from "@switchyard/errors";
import { providerUrlProblem, providerUrlProblemResolved } from "@switchyard/net/providers";
import { ConnectionTestError, listProviderModels, type ProviderCredential } from "@switchyard/providers";
import { z } from "zod";

export const credentialSchema = z.object({
  name: z.string().trim().min(1, "Enter a name").max(80),
  kind: z.enum(["OPENAI", "ANTHROPIC", "GOOGLE", "MISTRAL", "OPENAI_COMPATIBLE", "OLLAMA"]),
  baseUrl: z
    .string()
    .trim()
    .url("Base URL must be a full URL such as http://localhost:11434")
    .max(500)
    // http(s) only, never a cloud metadata endpoint (loopback and private networks are fine: Ollama, vLLM)
    .superRefine((url, context) => {
      const problem = providerUrlProblem(url);
      if (problem) context.addIssue({ code: "custom", message: problem });
    })
    .optional(),
  apiKey: z.string().trim().min(1).max(4_000).optional(),
});

/** Refuses a base URL whose host resolves to a cloud metadata address (the schema judged it without DNS). */
export async function checkResolvedBaseUrl(baseUrl: string | undefined): Promise<void> {
  const problem = baseUrl && (await providerUrlProblemResolved(baseUrl));
  if (problem)
    throw new AppError("BAD_REQUEST", `Invalid request: baseUrl: ${problem}`, { issues: [{ path: "baseUrl", message: problem }] });
}

/** The models the provider serves; a provider that cannot be reached or refuses the key is a 400 saying so. */
export async function testConnection(credential: ProviderCredential): Promise<{ models: string[] }> {
  try {
    return { models: await listProviderModels(credential) };
  } catch (error) {
    if (error instanceof ConnectionTestError) throw new AppError("BAD_REQUEST", error.message);
    throw error;
  }
}
