# syntax=docker/dockerfile:1
# One image for every role: `web` (default), `worker`, `migrate` (run once per release, before the new
# web and workers start) or `serve` (web and a worker in one container). The build stage runs
# `npm run build`; the runtime stage holds only its output, dist/ (compiled JavaScript and the
# node_modules files it imports): no source, no dev dependencies, no TypeScript.
#   docker build -t switchyard .
#   docker run --rm -e DATABASE_URL=… switchyard migrate
#   docker run -p 3000:3000 -e DATABASE_URL=… -e REDIS_URL=… -e SWITCHYARD_SECRET=… switchyard web
ARG NODE_IMAGE=node:20.19-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1 CI=true
# the manifests first, so the dependency layer is reused until they change
COPY package.json package-lock.json ./
COPY apps/launcher/package.json apps/launcher/
COPY apps/web/package.json apps/web/
COPY apps/worker/package.json apps/worker/
COPY packages packages
COPY test/package.json test/
COPY bench/package.json bench/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 WEB_HOSTNAME=0.0.0.0
WORKDIR /app
# owned by root, run as `node`: the process cannot rewrite its own code
COPY --from=build /src/dist/ /app/
USER node
EXPOSE 3000
# liveness of the web app on PORT, or of a worker on WORKER_HEALTH_PORT when set
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["node", "/app/switchyard.mjs", "health"]
# node as PID 1 gets SIGTERM and shuts down gracefully (see README, Deploying)
ENTRYPOINT ["node", "/app/switchyard.mjs"]
CMD ["web"]
