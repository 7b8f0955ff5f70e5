// Named statements are parsed and planned once per connection, which matters for the large write
// statements. Behind a pooler in transaction mode (PgBouncer before 1.21, or without
// max_prepared_statements) a client connection is not one server connection: a statement it prepared
// may be missing where its next transaction runs (26000), or another client's statement of the same
// name may already be there (42P05). The first such refusal switches that pool to unnamed statements
// for good, and the statement is sent again: it was refused before it ran, so nothing happens twice.
import type pg from "pg";

const POOLER_REFUSALS = new Set(["26000", "42P05"]);
const unnamedPools = new WeakSet<pg.Pool>();

const refusedByPooler = (error: unknown) =>
  typeof error === "object" && error !== null && POOLER_REFUSALS.has(String((error as { code?: unknown }).code));

export async function queryNamed<Row extends pg.QueryResultRow = pg.QueryResultRow>(
  pool: pg.Pool,
  statement: { name: string; text: string; values: unknown[] },
): Promise<pg.QueryResult<Row>> {
  if (unnamedPools.has(pool)) return pool.query<Row>({ text: statement.text, values: statement.values });
  try {
    return await pool.query<Row>(statement);
  } catch (error) {
    if (!refusedByPooler(error)) throw error;
    unnamedPools.add(pool);
    return pool.query<Row>({ text: statement.text, values: statement.values });
  }
}
