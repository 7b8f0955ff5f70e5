// The workspace's own model prices. Workers pick up a change within 30 seconds (their price cache).
import { deleteModelPrice, listModelPrices, modelPriceInputSchema, setModelPrice } from "@switchyard/db";
import { route } from "@/server/route";
import { db } from "@/server/services";

export const GET = route({ role: "VIEWER" }, async ({ workspaceId }) => ({ prices: await listModelPrices(db(), workspaceId) }));

export const PUT = route({ role: "EDITOR", body: modelPriceInputSchema }, async ({ workspaceId, body }) => {
  await setModelPrice(db(), workspaceId, body);
  return { prices: await listModelPrices(db(), workspaceId) };
});

export const DELETE = route(
  { role: "EDITOR", body: modelPriceInputSchema.pick({ provider: true, model: true }) },
  async ({ workspaceId, body }) => {
    await deleteModelPrice(db(), workspaceId, body);
    return { prices: await listModelPrices(db(), workspaceId) };
  },
);
