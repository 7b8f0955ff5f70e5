// What server.ts needs set before Next.js or any route module loads (it is server.ts's first import,
// and ES modules run their imports in order).
import { AsyncLocalStorage } from "node:async_hooks";

// `next start` does this too: React and Next choose their production builds from it
(process.env as Record<string, string | undefined>).NODE_ENV ??= "production";

// Next.js makes AsyncLocalStorage a global when its own server starts. server.ts loads route modules
// itself, and some of their imports (next/headers, via the session helpers) read that global as they load.
(globalThis as unknown as { AsyncLocalStorage: typeof AsyncLocalStorage }).AsyncLocalStorage ??= AsyncLocalStorage;
