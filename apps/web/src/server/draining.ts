// Whether this web process has been told to stop (SIGTERM, see server.ts). Kept on globalThis: server.ts
// and the Next.js bundle (where /api/health runs) each load their own copy of this module.
const key = Symbol.for("switchyard.web.draining");
const state = globalThis as unknown as Record<symbol, boolean | undefined>;

export function markDraining() {
  state[key] = true;
}

export function isDraining() {
  return state[key] === true;
}
