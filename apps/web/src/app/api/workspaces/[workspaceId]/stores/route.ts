import { createStore, listStores } from "@switchyard/db";
import { newStoreSchema } from "@switchyard/knowledge/settings";
import { json, route } from "@/server/route";
import { db } from "@/server/services";

export const GET = route({ role: "VIEWER" }, async ({ workspaceId }) => ({ stores: await listStores(db(), workspaceId) }));

export const POST = route({ role: "EDITOR", body: newStoreSchema }, async ({ workspaceId, body }) =>
  json({ store: await createStore(db(), workspaceId, body) }, 201),
);
