-- AlterEnum
ALTER TYPE "RunSource" ADD VALUE 'MCP';

-- AlterTable
ALTER TABLE "Deployment" ADD COLUMN "mcpDescription" TEXT;

-- AlterTable
ALTER TABLE "Deployment" ADD COLUMN "shareEnabled" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Deployment" ADD COLUMN "chatTitle" TEXT;

-- AlterTable
ALTER TABLE "Deployment" ADD COLUMN "chatGreeting" TEXT;

-- AlterTable
ALTER TABLE "Deployment" ADD COLUMN "chatAccent" TEXT;

-- AlterTable
ALTER TABLE "Deployment" ADD COLUMN "chatTheme" TEXT;
