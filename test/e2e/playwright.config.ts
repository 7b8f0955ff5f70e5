import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "../support/chromium";
import { appOrigin } from "./support";

export default defineConfig({
  testDir: ".",
  outputDir: "../../test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  // CI shares two cores between Chromium, the web app, a worker, PostgreSQL and Redis: allow a
  // loaded machine time to catch up before an expectation fails (one run failed at 5 s)
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: appOrigin,
    browserName: "chromium",
    viewport: { width: 1280, height: 800 },
    trace: "retain-on-failure",
    launchOptions: chromiumLaunchOptions,
  },
  webServer: {
    command: "node --import tsx test/e2e/serve.ts",
    cwd: "../..",
    url: `${appOrigin}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    stdout: "ignore",
    stderr: "pipe",
  },
});
