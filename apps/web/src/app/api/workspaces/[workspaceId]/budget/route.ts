// The workspace's monthly budget. A change applies to the next run started (the admission gate
// forgets the cached figures).
import { budgetInputSchema, setBudget } from "@switchyard/db";
import { route } from "@/server/route";
import { budgets, db } from "@/server/services";
import { loadBudgetOverview } from "@/server/usage";

export const GET = route({ role: "VIEWER" }, async ({ workspaceId }) => loadBudgetOverview(workspaceId));

export const PUT = route({ role: "OWNER", body: budgetInputSchema }, async ({ workspaceId, body }) => {
  const scope = { workspaceId, deploymentId: null };
  await setBudget(db(), scope, body);
  await budgets().forget(scope);
  return loadBudgetOverview(workspaceId);
});
