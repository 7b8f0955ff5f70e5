// What server.ts needs set before Next.js or any route module loads (it is server.ts's first import,
// and ES modules run their imports in order).
import { AsyncLocalStorage } from "node:async_hooks";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

// `next start` does this too: React and Next choose their production builds from it
(process.env as Record<string, string | undefined>).NODE_ENV ??= "production";

// Air-gapped at run time: Next.js reports anonymous usage to telemetry.nextjs.org unless told not to.
// The launcher sets this too; here it also holds for `node server.ts` started any other way.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

// Next.js makes AsyncLocalStorage a global when its own server starts. server.ts loads route modules
// itself, and some of their imports (next/headers, via the session helpers) read that global as they load.
(globalThis as unknown as { AsyncLocalStorage: typeof AsyncLocalStorage }).AsyncLocalStorage ??= AsyncLocalStorage;

// The configuration `next build` recorded, as the standalone server Next writes would pass it: the
// production tree has no next.config.ts (nor the TypeScript to load it), and reading the recorded one
// in every mode means the tests run the configuration that ships.
const recordedConfig = path.join(import.meta.dirname, ".next/required-server-files.json");
if (!process.env.__NEXT_PRIVATE_STANDALONE_CONFIG && existsSync(recordedConfig))
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(
    (JSON.parse(readFileSync(recordedConfig, "utf8")) as { config: unknown }).config,
  );
