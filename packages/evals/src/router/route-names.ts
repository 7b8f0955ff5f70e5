// What a learned router's routes are called in the Router node it is adopted into: after the model each
// goes to ("gpt-4o-mini"), not after the eval variant it was learned from ("v1"), so the canvas, the
// trace and the usage page say which model answered. The learned router keeps its own keys; the node
// stores the mapping (`learnedRoutes`) and the worker speaks in the node's names.
import type { RouterRoute } from "./from-eval-run";

const MAX_NAME = 40; // the Router node's route names: 1-40 letters, digits, _ or -

const asRouteName = (text: string) =>
  text
    .replace(/[^A-Za-z0-9_-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_NAME);

/**
 * Each route's name in the node (learned key → name): its model's name made a valid route name, with
 * "-2", "-3"… when two routes use one model through different providers. The same routes always get the
 * same names.
 */
export function routeNamesFor(routes: Pick<RouterRoute, "key" | "model">[]): Record<string, string> {
  const taken = new Set<string>();
  const names: Record<string, string> = {};
  for (const route of routes) {
    const base = asRouteName(route.model) || asRouteName(route.key) || "route";
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base.slice(0, MAX_NAME - String(n).length - 1)}-${n}`;
    taken.add(name);
    names[route.key] = name;
  }
  return names;
}
