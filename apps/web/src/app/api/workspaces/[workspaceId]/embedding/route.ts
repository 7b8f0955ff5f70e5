import { getEmbeddingSettings, setEmbeddingSettings } from "@switchyard/db";
import { z } from "zod";
import { route } from "@/server/route";
import { db } from "@/server/services";

const embeddingSchema = z.union([
  z.object({ credentialId: z.string().min(1, "Choose a provider"), model: z.string().trim().min(1, "Enter a model").max(200) }),
  z.object({ credentialId: z.null() }),
]);

export const GET = route({ role: "VIEWER" }, async ({ workspaceId }) => ({ embedding: await getEmbeddingSettings(db(), workspaceId) }));

/** Documents ingested from now on are embedded with this model; re-ingest older ones to use it. */
export const PUT = route({ role: "OWNER", body: embeddingSchema }, async ({ workspaceId, body }) => ({
  embedding: await setEmbeddingSettings(db(), workspaceId, "model" in body ? body : null),
}));
