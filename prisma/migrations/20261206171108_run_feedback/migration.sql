-- CreateEnum
CREATE TYPE "FeedbackSource" AS ENUM ('WIDGET', 'API', 'APP');

-- CreateTable
CREATE TABLE "RunFeedback" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "source" "FeedbackSource" NOT NULL,
    "raterId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "RunFeedback_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RunFeedback_workspaceId_score_updatedAt_idx" ON "RunFeedback"("workspaceId", "score", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "RunFeedback_runId_source_raterId_key" ON "RunFeedback"("runId", "source", "raterId");

-- AddForeignKey
ALTER TABLE "RunFeedback" ADD CONSTRAINT "RunFeedback_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunFeedback" ADD CONSTRAINT "RunFeedback_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
