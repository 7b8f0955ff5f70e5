import { createHttpCredential, listHttpCredentials } from "@switchyard/db";
import { z } from "zod";
import { json, route } from "@/server/route";
import { db, env } from "@/server/services";

export const GET = route({ role: "VIEWER" }, async ({ workspaceId }) => ({ credentials: await listHttpCredentials(db(), workspaceId) }));

const httpCredentialSchema = z.object({
  name: z.string().trim().min(1, "Enter a name").max(80),
  headerName: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, "Enter a header name such as Authorization or X-Api-Key"),
  value: z.string().trim().min(1, "Enter the header's value").max(8_000),
});

export const POST = route({ role: "EDITOR", body: httpCredentialSchema }, async ({ workspaceId, body }) =>
  json({ credential: await createHttpCredential(db(), workspaceId, body, env().SWITCHYARD_SECRET) }, 201),
);
