-- CreateTable
CREATE TABLE "ModelPrice" (
    "workspaceId" TEXT NOT NULL,
    "provider" "ProviderKind" NOT NULL,
    "model" TEXT NOT NULL,
    "inputPerMillion" DOUBLE PRECISION NOT NULL,
    "outputPerMillion" DOUBLE PRECISION NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "ModelPrice_pkey" PRIMARY KEY ("workspaceId", "provider", "model")
);

-- CreateTable
CREATE TABLE "UsageDaily" (
    "workspaceId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "botId" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "requests" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "tokensIn" BIGINT NOT NULL,
    "tokensOut" BIGINT NOT NULL,
    "costUsd" DOUBLE PRECISION NOT NULL,
    "latencyHistogram" INTEGER[],
    CONSTRAINT "UsageDaily_pkey" PRIMARY KEY ("workspaceId", "day", "botId", "deploymentId", "provider", "model")
);

-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN "monthlyBudgetUsd" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN "budgetWarnPercent" INTEGER NOT NULL DEFAULT 80;

-- AlterTable
ALTER TABLE "Deployment" ADD COLUMN "monthlyBudgetUsd" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "Deployment" ADD COLUMN "budgetWarnPercent" INTEGER NOT NULL DEFAULT 80;

-- CreateIndex
CREATE INDEX "UsageDaily_workspaceId_provider_model_idx" ON "UsageDaily"("workspaceId", "provider", "model");

-- AddForeignKey
ALTER TABLE "ModelPrice" ADD CONSTRAINT "ModelPrice_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written (Prisma cannot express functions): element-wise sums of latency histograms, used by
-- the run writer to keep "UsageDaily"."latencyHistogram" (packages/db/src/usage-rollup.ts).
CREATE FUNCTION usage_histogram_add(a INTEGER[], b INTEGER[]) RETURNS INTEGER[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(coalesce(x, 0) + coalesce(y, 0) ORDER BY i), '{}') FROM unnest(a, b) WITH ORDINALITY AS t(x, y, i)
$$;

CREATE AGGREGATE usage_histogram_sum(INTEGER[]) (SFUNC = usage_histogram_add, STYPE = INTEGER[], INITCOND = '{}');
