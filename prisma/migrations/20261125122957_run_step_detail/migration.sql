-- AlterTable
ALTER TABLE "RunStep" ADD COLUMN "detail" JSONB;
