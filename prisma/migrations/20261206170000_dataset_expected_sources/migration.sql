-- AlterTable
ALTER TABLE "DatasetItem" ADD COLUMN "expectedSources" JSONB;
