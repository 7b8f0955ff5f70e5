// A store's settings as the API accepts them. Chunk size and overlap are in estimated tokens.
import { z } from "zod";

export const storeSettingsSchema = z.object({
  name: z.string().trim().min(1, "Enter a name").max(80),
  chunkSize: z.number().int().min(50, "Chunks need at least 50 tokens").max(4_000).default(800),
  chunkOverlap: z.number().int().min(0).max(1_000).default(100),
});

export const overlapFits = (store: { chunkSize: number; chunkOverlap: number }) => store.chunkOverlap <= store.chunkSize / 2;
export const overlapMessage = "The overlap must be at most half the chunk size";

export const newStoreSchema = storeSettingsSchema.refine(overlapFits, { message: overlapMessage, path: ["chunkOverlap"] });
