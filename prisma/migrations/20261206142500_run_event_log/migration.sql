-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "events" JSONB;
