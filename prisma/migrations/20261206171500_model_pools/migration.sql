-- CreateTable
CREATE TABLE "ModelPool" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ModelPool_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelPoolMember" (
    "id" TEXT NOT NULL,
    "poolId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "credentialId" TEXT NOT NULL,
    "model" TEXT,
    "weight" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "ModelPoolMember_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ModelPool_workspaceId_name_key" ON "ModelPool"("workspaceId", "name");

-- CreateIndex
CREATE INDEX "ModelPoolMember_credentialId_idx" ON "ModelPoolMember"("credentialId");

-- CreateIndex
CREATE UNIQUE INDEX "ModelPoolMember_poolId_position_key" ON "ModelPoolMember"("poolId", "position");

-- AddForeignKey
ALTER TABLE "ModelPool" ADD CONSTRAINT "ModelPool_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelPoolMember" ADD CONSTRAINT "ModelPoolMember_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "ModelPool"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelPoolMember" ADD CONSTRAINT "ModelPoolMember_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "ProviderCredential"("id") ON DELETE CASCADE ON UPDATE CASCADE;
