-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN "embeddingCredentialId" TEXT;

-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN "embeddingModel" TEXT;

-- AlterTable
ALTER TABLE "Document" ADD COLUMN "content" BYTEA;

-- AlterTable
ALTER TABLE "Document" ADD COLUMN "progress" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Document" ADD COLUMN "chunkCount" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Chunk" ADD COLUMN "heading" TEXT;

-- AlterTable
ALTER TABLE "Chunk" ADD COLUMN "embedding" REAL[];

-- AlterTable (by hand: Prisma cannot declare a generated column)
ALTER TABLE "Chunk" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce("heading", '') || ' ' || "content")) STORED;

-- CreateIndex
CREATE INDEX "Chunk_search_idx" ON "Chunk" USING GIN ("search");
