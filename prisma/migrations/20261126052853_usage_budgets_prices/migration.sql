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
    "latencyBucket" INTEGER NOT NULL,
    "requests" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "tokensIn" BIGINT NOT NULL,
    "tokensOut" BIGINT NOT NULL,
    "costUsd" DOUBLE PRECISION NOT NULL,
    CONSTRAINT "UsageDaily_pkey" PRIMARY KEY ("workspaceId", "day", "botId", "deploymentId", "provider", "model", "latencyBucket")
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
