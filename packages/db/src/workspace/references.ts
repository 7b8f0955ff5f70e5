// What a flow may point at in its workspace (provider credentials, context stores, HTTP credentials,
// datasets, other bots) and which bots and deployments point at one of them, for the references check (publish,
// deployment switch) and the "used by…" confirmation before something is removed.
import { flowGraphSchema, graphReferences, poolReference, type NodeRegistry, type ReferenceKind } from "@switchyard/engine";
import type { Db } from "../client";

/** Every id of every kind the workspace holds; a pool with members counts as a provider (`pool:<id>`). */
export async function workspaceReferences(db: Db, workspaceId: string): Promise<Record<ReferenceKind, Set<string>>> {
  const where = { workspaceId };
  const select = { id: true } as const;
  const [credentials, pools, stores, httpCredentials, datasets, bots] = await Promise.all([
    db.providerCredential.findMany({ where, select }),
    db.modelPool.findMany({ where: { workspaceId, members: { some: {} } }, select }),
    db.contextStore.findMany({ where, select }),
    db.httpCredential.findMany({ where, select }),
    db.dataset.findMany({ where, select }),
    db.bot.findMany({ where, select }),
  ]);
  const ids = (rows: { id: string }[]) => new Set(rows.map((row) => row.id));
  const providers = ids(credentials);
  for (const pool of pools) providers.add(poolReference(pool.id));
  return { credential: providers, contextStore: ids(stores), httpCredential: ids(httpCredentials), dataset: ids(datasets), bot: ids(bots) };
}

export interface ReferenceUsages {
  /** Bots whose draft uses it. */
  bots: { id: string; name: string }[];
  /** Deployments serving a version that uses it: removing it breaks them for visitors now. */
  deployments: { id: string; slug: string; botName: string; version: number }[];
}

const uses = (graph: unknown, registry: NodeRegistry, kind: ReferenceKind, id: string) => {
  const parsed = flowGraphSchema.safeParse(graph);
  return parsed.success && graphReferences(parsed.data, registry).some((found) => found.kind === kind && found.id === id);
};

export async function referenceUsages(
  db: Db,
  workspaceId: string,
  registry: NodeRegistry,
  reference: { kind: ReferenceKind; id: string },
): Promise<ReferenceUsages> {
  const [bots, deployments] = await Promise.all([
    db.bot.findMany({ where: { workspaceId }, select: { id: true, name: true, draftGraph: true }, orderBy: { name: "asc" } }),
    db.deployment.findMany({
      where: { workspaceId },
      select: { id: true, slug: true, bot: { select: { name: true } }, botVersion: { select: { number: true, graph: true } } },
      orderBy: { slug: "asc" },
    }),
  ]);
  return {
    bots: bots.filter((bot) => uses(bot.draftGraph, registry, reference.kind, reference.id)).map(({ id, name }) => ({ id, name })),
    deployments: deployments
      .filter((deployment) => uses(deployment.botVersion.graph, registry, reference.kind, reference.id))
      .map((deployment) => ({
        id: deployment.id,
        slug: deployment.slug,
        botName: deployment.bot.name,
        version: deployment.botVersion.number,
      })),
  };
}
