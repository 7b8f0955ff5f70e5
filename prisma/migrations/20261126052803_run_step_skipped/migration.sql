-- AlterEnum
ALTER TYPE "RunStatus" ADD VALUE 'SKIPPED';
