-- CreateTable
CREATE TABLE "TelemetryExport" (
    "workspaceId" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "endpoint" TEXT NOT NULL,
    "headersCipher" TEXT,
    "headerNames" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "includeContents" BOOLEAN NOT NULL DEFAULT false,
    "exportedSpans" BIGINT NOT NULL DEFAULT 0,
    "droppedSpans" BIGINT NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "TelemetryExport_pkey" PRIMARY KEY ("workspaceId")
);

-- AddForeignKey
ALTER TABLE "TelemetryExport" ADD CONSTRAINT "TelemetryExport_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
