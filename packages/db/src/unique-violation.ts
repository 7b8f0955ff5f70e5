// Whether a write failed because a unique constraint already holds the value (a name taken, a row
// another request inserted first): callers answer 409 or retry with another value. Prisma reports
// it as P2002; a raw query through pg as PostgreSQL's SQLSTATE 23505.
const UNIQUE_VIOLATION_CODES = new Set(["P2002", "23505"]);

export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && UNIQUE_VIOLATION_CODES.has(code);
}
