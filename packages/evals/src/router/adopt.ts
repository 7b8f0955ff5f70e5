// "Use this router": the bot's draft with the learned router in place of the node whose model the eval
// run's variants changed. A Model node becomes a Router node in learned mode with the same id (so its
// edges and any later eval overrides still apply) and keeps its prompt and call settings; a Router
// node already there gets the new routes, router and threshold. Routes are named after their models
// (route-names.ts); the node maps the learned router's keys to them (`learnedRoutes`).
import type { RouterRoute } from "./from-eval-run";
import { routeNamesFor } from "./route-names";
import type { LearnedVerifier } from "./verifier";

interface GraphLike {
  nodes: { id: string; type: string; config: Record<string, unknown> }[];
}

const KEPT_SETTINGS = ["system", "temperature", "maxTokens", "timeoutMs", "maxRetries", "stream"];

export function withLearnedRouter<Graph extends GraphLike>(
  graph: Graph,
  adoption: {
    nodeId: string;
    routerId: string;
    threshold: number;
    routes: RouterRoute[];
    /** Learned + cascade: the verify line and the verifier its verdicts came from (both or neither). */
    verify?: { verifyBelow: number; verifier: LearnedVerifier };
  },
): Graph {
  const node = graph.nodes.find((candidate) => candidate.id === adoption.nodeId);
  if (!node) throw new Error(`The bot's draft no longer has node "${adoption.nodeId}", which the router was learned for`);
  if (node.type !== "model" && node.type !== "router")
    throw new Error(`Node "${adoption.nodeId}" is now a ${node.type} node; a learned router replaces a Model or Router node`);
  const kept = Object.fromEntries(KEPT_SETTINGS.filter((key) => node.config[key] !== undefined).map((key) => [key, node.config[key]]));
  const names = routeNamesFor(adoption.routes);
  const routes = adoption.routes.map((route) => ({ name: names[route.key]!, credentialId: route.credentialId, model: route.model }));
  const config = {
    ...(node.type === "router" ? node.config : kept),
    routes,
    learnedRoutes: names,
    ...(node.type === "router" && budgetRouteAfter(node.config, routes)),
    mode: "learned",
    learned: {
      routerId: adoption.routerId,
      threshold: adoption.threshold,
      ...(adoption.verify && { verifyBelow: adoption.verify.verifyBelow }),
    },
    ...(adoption.verify && { cascade: adoption.verify.verifier }),
  };
  return { ...graph, nodes: graph.nodes.map((candidate) => (candidate === node ? { ...candidate, type: "router", config } : candidate)) };
}

type NamedRoute = { name: string; credentialId: string; model: string };

/**
 * A Router adopted into keeps its budget route when a new route goes to the same model (under its new
 * name); otherwise the old name stays and the node's check says it is not a route.
 */
function budgetRouteAfter(config: Record<string, unknown>, routes: NamedRoute[]) {
  const old = Array.isArray(config.routes) ? (config.routes as NamedRoute[]) : [];
  const budget = old.find((route) => route.name === config.budgetRoute);
  const same = budget && routes.find((route) => route.credentialId === budget.credentialId && route.model === budget.model);
  return same ? { budgetRoute: same.name } : {};
}
