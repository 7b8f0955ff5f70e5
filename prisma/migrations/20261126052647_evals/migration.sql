-- AlterTable
ALTER TABLE "Bot" ADD COLUMN "defaultDatasetId" TEXT;

-- AlterTable
ALTER TABLE "EvalRun" ADD COLUMN "name" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "EvalRun" ADD COLUMN "total" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "EvalRun" ADD COLUMN "concurrency" INTEGER NOT NULL DEFAULT 8;

-- AlterTable
ALTER TABLE "EvalResult" ADD COLUMN "runId" TEXT;

-- AlterTable
ALTER TABLE "EvalResult" ADD COLUMN "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AddForeignKey
ALTER TABLE "Bot" ADD CONSTRAINT "Bot_defaultDatasetId_fkey" FOREIGN KEY ("defaultDatasetId") REFERENCES "Dataset"("id") ON DELETE SET NULL ON UPDATE CASCADE;
