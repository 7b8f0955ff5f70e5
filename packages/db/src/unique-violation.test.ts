import { describe, expect, it } from "vitest";
import { isUniqueViolation } from "./unique-violation";

describe("isUniqueViolation", () => {
  it("knows Prisma's and PostgreSQL's codes for a value that is already taken", () => {
    expect(isUniqueViolation(Object.assign(new Error("Unique constraint failed"), { code: "P2002" }))).toBe(true);
    expect(isUniqueViolation(Object.assign(new Error("duplicate key value"), { code: "23505" }))).toBe(true);
  });

  it("is false for anything else", () => {
    expect(isUniqueViolation(Object.assign(new Error("Record not found"), { code: "P2025" }))).toBe(false);
    expect(isUniqueViolation(new Error("no code"))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
    expect(isUniqueViolation("P2002")).toBe(false);
  });
});
