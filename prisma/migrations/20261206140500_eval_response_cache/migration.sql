-- AlterTable
ALTER TABLE "Bot" ADD COLUMN "requireEvalsToPublish" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "EvalRun" ADD COLUMN "useCache" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "EvalResult" ADD COLUMN "cachedCalls" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "savedUsd" DOUBLE PRECISION NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "EvalResponseCache" (
    "workspaceId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "response" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EvalResponseCache_pkey" PRIMARY KEY ("workspaceId","key")
);

-- CreateIndex
CREATE INDEX "EvalResponseCache_expiresAt_idx" ON "EvalResponseCache"("expiresAt");

-- AddForeignKey
ALTER TABLE "EvalResponseCache" ADD CONSTRAINT "EvalResponseCache_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
