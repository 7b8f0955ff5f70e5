import { createHttpCredential, listHttpCredentials } from "@switchyard/db";
import { hostPatternSchema } from "@switchyard/nodes";
import { z } from "zod";
import { json, route } from "@/server/route";
import { db, env } from "@/server/services";

export const GET = route({ role: "VIEWER" }, async ({ workspaceId }) => ({ credentials: await listHttpCredentials(db(), workspaceId) }));

const HOSTS_NEEDED = "Name the hosts this credential may be sent to, such as api.example.com";

const httpCredentialSchema = z.object({
  name: z.string().trim().min(1, "Enter a name").max(80),
  headerName: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, "Enter a header name such as Authorization or X-Api-Key"),
  value: z.string().trim().min(1, "Enter the header's value").max(8_000),
  /** The hosts the header may be sent to, so no flow can point it at another server (credentials from before this may have none: any host). */
  allowedHosts: z.array(hostPatternSchema, { error: HOSTS_NEEDED }).min(1, HOSTS_NEEDED).max(50, "Bind a credential to at most 50 hosts"),
});

export const POST = route({ role: "EDITOR", body: httpCredentialSchema }, async ({ workspaceId, body }) =>
  json({ credential: await createHttpCredential(db(), workspaceId, body, env().SWITCHYARD_SECRET) }, 201),
);
