import { buildWidget } from "@switchyard/widget/build";
import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_BUILD } from "next/constants";
import path from "node:path";
import { securityHeaders } from "./security-headers";

const root = path.join(import.meta.dirname, "../..");

const config: NextConfig = {
  // `npm run build` turns .next/standalone into the production tree (deploy/build.mjs): the server
  // and only the node_modules files it needs, no source and no dev dependencies
  output: "standalone",
  outputFileTracingRoot: root,
  // packages ship TypeScript source; Next compiles them with the app
  transpilePackages: [
    "@switchyard/config",
    "@switchyard/db",
    "@switchyard/errors",
    "@switchyard/queue",
    "@switchyard/auth",
    "@switchyard/engine",
    "@switchyard/nodes",
    "@switchyard/providers",
    "@switchyard/evals",
    "@switchyard/regex",
    "@switchyard/runner",
    "@switchyard/knowledge",
    "@switchyard/net",
    "@switchyard/templates",
  ],
  // native or runtime-heavy modules stay plain Node requires
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-pg", "pg", "@node-rs/argon2", "ioredis", "bullmq"],
  turbopack: { root },
  poweredByHeader: false,
  // Compression belongs to the reverse proxy: here it would buffer streamed (SSE) replies and cost
  // CPU on every API answer.
  compress: false,
  typescript: { ignoreBuildErrors: true }, // `npm test` runs tsc for the whole repo once; no need to repeat it in every build
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

// widget.js is built from packages/widget whenever the app is built or served in development, so
// `npm start`, `next build` and `next dev` all serve the current widget at /widget.js.
export default function nextConfig(phase: string): NextConfig {
  if (phase === PHASE_PRODUCTION_BUILD || phase === PHASE_DEVELOPMENT_SERVER)
    buildWidget(path.join(import.meta.dirname, "public/widget.js"));
  return config;
}
