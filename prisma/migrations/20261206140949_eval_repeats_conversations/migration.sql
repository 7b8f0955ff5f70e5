-- AlterTable
ALTER TABLE "EvalRun" ADD COLUMN "repeats" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "EvalResult" ADD COLUMN "repeat" INTEGER NOT NULL DEFAULT 0;

-- DropIndex
DROP INDEX "EvalResult_evalRunId_datasetItemId_variantKey_key";

-- CreateIndex
CREATE UNIQUE INDEX "EvalResult_evalRunId_datasetItemId_variantKey_repeat_key" ON "EvalResult"("evalRunId", "datasetItemId", "variantKey", "repeat");

-- AlterTable
ALTER TABLE "DatasetItem" ADD COLUMN "history" JSONB;
