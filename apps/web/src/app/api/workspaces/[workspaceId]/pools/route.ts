import { createPool, listPools } from "@switchyard/db";
import { json, route } from "@/server/route";
import { poolSchema } from "@/server/pool-input";
import { db } from "@/server/services";

export const GET = route({ role: "VIEWER" }, async ({ workspaceId }) => ({ pools: await listPools(db(), workspaceId) }));

export const POST = route({ role: "EDITOR", body: poolSchema }, async ({ workspaceId, body }) =>
  json({ pool: await createPool(db(), workspaceId, body) }, 201),
);
