// Prisma CLI configuration. It lives here rather than at the repository root so the top level stays
// exactly as designed; run Prisma commands from this package (npm run -w @switchyard/db ...).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "../../prisma/schema.prisma",
  migrations: { path: "../../prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/switchyard" },
});
