-- CreateTable
CREATE TABLE "HttpCredential" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "headerName" TEXT NOT NULL,
    "valueCipher" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "HttpCredential_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConversationSummary" (
    "workspaceId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "coveredUntil" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "ConversationSummary_pkey" PRIMARY KEY ("workspaceId", "sessionId")
);

-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN "allowedHosts" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateIndex
CREATE UNIQUE INDEX "HttpCredential_workspaceId_name_key" ON "HttpCredential"("workspaceId", "name");

-- CreateIndex
CREATE INDEX "Run_workspaceId_sessionId_createdAt_idx" ON "Run"("workspaceId", "sessionId", "createdAt");

-- AddForeignKey
ALTER TABLE "HttpCredential" ADD CONSTRAINT "HttpCredential_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationSummary" ADD CONSTRAINT "ConversationSummary_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
