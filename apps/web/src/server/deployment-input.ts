// The shapes users send when they create or change a deployment.
import { z } from "zod";

const originSchema = z
  .string()
  .trim()
  .refine((value) => {
    if (value === "*") return true;
    try {
      const url = new URL(value);
      return (url.protocol === "https:" || url.protocol === "http:") && url.origin === value;
    } catch {
      return false;
    }
  }, "An allowed origin looks like https://example.com (scheme, host and port only), or * for any site");

export const deploymentFields = {
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "The slug is 2 to 63 lowercase letters, digits or dashes (the API's model name)"),
  version: z.number().int().positive(),
  allowedOrigins: z.array(originSchema).max(50, "At most 50 allowed origins"),
};

/** Optional text: trimmed, and empty means "back to the default" (null). */
const optionalText = (max: number, name: string) =>
  z
    .string()
    .trim()
    .max(max, `${name} is longer than ${max.toLocaleString("en")} characters`)
    .nullable()
    .transform((value) => value || null);

/** What the deployment page changes besides the version: the MCP tool's description and the share link's chat page. */
const settingsFields = {
  mcpDescription: optionalText(1_000, "The tool description"),
  shareEnabled: z.boolean(),
  chatTitle: optionalText(80, "The title"),
  chatGreeting: optionalText(500, "The greeting"),
  chatAccent: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "The accent colour is a hex colour such as #4f46e5")
    .nullable(),
  chatTheme: z.enum(["light", "dark", "auto"], { error: "The theme is light, dark or auto" }).nullable(),
};

export const createDeploymentSchema = z.object({ botId: z.string().min(1), ...deploymentFields });
export const updateDeploymentSchema = z.object({ ...deploymentFields, ...settingsFields }).partial();
