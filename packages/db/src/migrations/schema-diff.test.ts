import { describe, expect, it } from "vitest";
import { diffSchemas } from "./schema-diff";
import type { SchemaShape } from "./schema-shape";

const empty: SchemaShape = { enums: [], tables: [], indexes: [], foreignKeys: [] };
const expected: SchemaShape = {
  enums: [{ name: "Role", values: ["OWNER", "VIEWER"] }],
  tables: [
    {
      name: "Member",
      primaryKey: { name: "Member_pkey", columns: ["id"] },
      columns: [
        { name: "id", type: "text", nullable: false, default: null },
        { name: "role", type: '"Role"', nullable: false, default: "'VIEWER'" },
        { name: "tags", type: "text[]", nullable: true, default: null },
        { name: "createdAt", type: "timestamp(3) without time zone", nullable: false, default: "CURRENT_TIMESTAMP" },
      ],
    },
  ],
  indexes: [{ name: "Member_role_idx", table: "Member", columns: ["role"], unique: false }],
  foreignKeys: [],
};

describe("diffSchemas", () => {
  it("writes Prisma-style SQL for a schema built from nothing", () => {
    const diff = diffSchemas(expected, empty);
    expect(diff.sql).toBe(`-- CreateEnum
CREATE TYPE "Role" AS ENUM ('OWNER', 'VIEWER');

-- CreateTable
CREATE TABLE "Member" (
    "id" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'VIEWER',
    "tags" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Member_role_idx" ON "Member"("role");
`);
  });

  it("casts an empty array default so PostgreSQL accepts it", () => {
    const withList = JSON.parse(JSON.stringify(expected)) as SchemaShape;
    withList.tables[0]!.columns.push({ name: "labels", type: "text[]", nullable: true, default: "ARRAY[]" });
    expect(diffSchemas(withList, expected).sql).toContain(`ADD COLUMN "labels" TEXT[] DEFAULT ARRAY[]::TEXT[];`);
  });

  it("finds nothing when both sides agree, whatever the key order", () => {
    const reordered = JSON.parse(JSON.stringify(expected)) as SchemaShape;
    reordered.indexes = [{ unique: false, columns: ["role"], table: "Member", name: "Member_role_idx" }];
    expect(diffSchemas(expected, reordered)).toEqual({ problems: [], sql: "" });
  });

  it("adds a missing column with ALTER TABLE", () => {
    const actual = JSON.parse(JSON.stringify(expected)) as SchemaShape;
    actual.tables[0]!.columns.pop();
    const diff = diffSchemas(expected, actual);
    expect(diff.problems).toEqual(["column Member.createdAt is missing"]);
    expect(diff.sql).toContain(`ALTER TABLE "Member" ADD COLUMN "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;`);
  });
});
