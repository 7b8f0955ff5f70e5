-- CreateTable
CREATE TABLE "LearnedRouter" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "botId" TEXT NOT NULL,
    "evalRunId" TEXT NOT NULL,
    "datasetVersionId" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "routes" JSONB NOT NULL,
    "qualityTarget" DOUBLE PRECISION NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'QUEUED',
    "error" TEXT,
    "artifact" JSONB,
    "report" JSONB,
    "trainingMs" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    CONSTRAINT "LearnedRouter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LearnedRouter_workspaceId_evalRunId_idx" ON "LearnedRouter"("workspaceId", "evalRunId");

-- AddForeignKey
ALTER TABLE "LearnedRouter" ADD CONSTRAINT "LearnedRouter_evalRunId_fkey" FOREIGN KEY ("evalRunId") REFERENCES "EvalRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
