-- CreateEnum
CREATE TYPE "ApprovalStatus" AS ENUM ('PENDING', 'ANSWERED', 'TIMED_OUT', 'CANCELLED');

-- AlterEnum
ALTER TYPE "RunStatus" ADD VALUE 'WAITING';

-- CreateTable
CREATE TABLE "RunPause" (
    "runId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL DEFAULT 1,
    "job" JSONB NOT NULL,
    "checkpoint" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "RunPause_pkey" PRIMARY KEY ("runId")
);

-- CreateTable
CREATE TABLE "Approval" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "botId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "proposed" JSONB,
    "valueSchema" TEXT,
    "actions" JSONB NOT NULL,
    "timeoutAction" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "status" "ApprovalStatus" NOT NULL DEFAULT 'PENDING',
    "action" TEXT,
    "value" JSONB,
    "comment" TEXT,
    "changed" BOOLEAN NOT NULL DEFAULT false,
    "answeredById" TEXT,
    "answeredBy" TEXT,
    "answeredVia" TEXT,
    "answeredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Approval_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Approval_workspaceId_status_createdAt_idx" ON "Approval"("workspaceId", "status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Approval_runId_key_key" ON "Approval"("runId", "key");

-- AddForeignKey
ALTER TABLE "RunPause" ADD CONSTRAINT "RunPause_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunPause" ADD CONSTRAINT "RunPause_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Approval" ADD CONSTRAINT "Approval_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Approval" ADD CONSTRAINT "Approval_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
