// Which variants of an eval run call a model with no price in this workspace: their $0 is unknown,
// not free, and the eval table says so.
import { getVersionGraph, listCredentials, type Db } from "@switchyard/db";
import { flowGraphSchema, modelTargets } from "@switchyard/engine";
import { applyOverrides, type Variant } from "@switchyard/evals";
import { nodeRegistry } from "@switchyard/nodes";
import type { ProviderKind } from "@switchyard/providers";
import { workspaceCatalog } from "./usage";

export async function unpricedVariants(
  db: Db,
  workspaceId: string,
  run: { bot: { id: string }; botVersionId: string; variants: unknown },
): Promise<string[]> {
  const [graph, credentials, catalog] = await Promise.all([
    getVersionGraph(db, workspaceId, run.bot.id, run.botVersionId).then((stored) => flowGraphSchema.parse(stored)),
    listCredentials(db, workspaceId),
    workspaceCatalog(workspaceId),
  ]);
  const kinds = new Map(credentials.map((credential) => [credential.id, credential.kind as ProviderKind]));
  return (run.variants as Pick<Variant, "key" | "overrides">[])
    .filter((variant) => {
      let variantGraph = graph;
      try {
        variantGraph = applyOverrides(graph, variant.overrides ?? {});
      } catch {
        // a variant naming a node the version lacks ran the version as is
      }
      return modelTargets(variantGraph, nodeRegistry).some((target) => {
        const kind = kinds.get(target.credentialId);
        return kind !== undefined && !catalog.price(kind, target.model);
      });
    })
    .map((variant) => variant.key);
}
