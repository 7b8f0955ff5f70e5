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

export const createDeploymentSchema = z.object({ botId: z.string().min(1), ...deploymentFields });
export const updateDeploymentSchema = z.object(deploymentFields).partial();
