-- AlterTable
ALTER TABLE "Approval" ADD COLUMN     "callAliveAt" TIMESTAMP(3),
ADD COLUMN     "callClaimedAt" TIMESTAMP(3),
ADD COLUMN     "callOutcome" JSONB;
