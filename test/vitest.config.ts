import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "..");

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          root,
          include: ["packages/*/src/**/*.test.ts", "apps/*/src/**/*.test.ts", "test/deploy/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          root,
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/integration/global-setup.ts"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // the production tree (`npm run build` → dist/) run as plain node processes, as the image runs it
        test: {
          name: "artifacts",
          root,
          include: ["test/artifacts/**/*.test.ts"],
          globalSetup: ["test/artifacts/global-setup.ts"],
          environment: "node",
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        // the built web app, workers and private Redis/PostgreSQL under faults (needs `next build`)
        test: {
          name: "chaos",
          root,
          include: ["test/chaos/**/*.test.ts"],
          setupFiles: ["test/chaos/setup.ts"],
          environment: "node",
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
