import { deletePool, getPool, updatePool } from "@switchyard/db";
import { route } from "@/server/route";
import { poolSchema } from "@/server/pool-input";
import { db } from "@/server/services";

export const GET = route({ role: "VIEWER" }, async ({ workspaceId, params }) => ({
  pool: await getPool(db(), workspaceId, params.poolId!),
}));

export const PUT = route({ role: "EDITOR", body: poolSchema }, async ({ workspaceId, params, body }) => ({
  pool: await updatePool(db(), workspaceId, params.poolId!, body),
}));

export const DELETE = route({ role: "EDITOR" }, async ({ workspaceId, params }) => {
  await deletePool(db(), workspaceId, params.poolId!);
  return { ok: true };
});
