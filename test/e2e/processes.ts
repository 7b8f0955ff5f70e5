// Where the e2e server (serve.ts) writes its own pid and its worker's, for specs that stand in for a
// crash: outside test-results, which Playwright clears, and per port, as helpers run side by side.
import os from "node:os";
import path from "node:path";
import { z } from "zod";

export const processFile = (port: string) => path.join(os.tmpdir(), `switchyard-e2e-${port}.json`);

export const e2eProcessesSchema = z.object({ serve: z.number().int(), worker: z.number().int().nullable() });
