// A deployment's monthly budget (within its workspace's).
import { budgetInputSchema, setBudget } from "@switchyard/db";
import { route } from "@/server/route";
import { budgets, db } from "@/server/services";
import { loadBudgetOverview } from "@/server/usage";

export const PUT = route({ role: "OWNER", body: budgetInputSchema }, async ({ workspaceId, params, body }) => {
  const scope = { workspaceId, deploymentId: params.deploymentId! };
  await setBudget(db(), scope, body);
  await budgets().forget(scope);
  return loadBudgetOverview(workspaceId);
});
