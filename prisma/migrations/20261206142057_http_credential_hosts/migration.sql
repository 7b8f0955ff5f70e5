-- AlterTable
ALTER TABLE "HttpCredential" ADD COLUMN "allowedHosts" TEXT[] DEFAULT ARRAY[]::TEXT[];
