// Provider credentials as users send them, and "test connection" on one (stored or not yet saved).
import { AppError } from "@switchyard/errors";
import { ConnectionTestError, listProviderModels, type ProviderCredential } from "@switchyard/providers";
import { z } from "zod";

export const credentialSchema = z.object({
  name: z.string().trim().min(1, "Enter a name").max(80),
  kind: z.enum(["OPENAI", "ANTHROPIC", "GOOGLE", "MISTRAL", "OPENAI_COMPATIBLE", "OLLAMA"]),
  baseUrl: z.string().trim().url("Base URL must be a full URL such as http://localhost:11434").max(500).optional(),
  apiKey: z.string().trim().min(1).max(4_000).optional(),
});

/** The models the provider serves; a provider that cannot be reached or refuses the key is a 400 saying so. */
export async function testConnection(credential: ProviderCredential): Promise<{ models: string[] }> {
  try {
    return { models: await listProviderModels(credential) };
  } catch (error) {
    if (error instanceof ConnectionTestError) throw new AppError("BAD_REQUEST", error.message);
    throw error;
  }
}
