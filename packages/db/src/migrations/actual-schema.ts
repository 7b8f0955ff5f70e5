// What a live PostgreSQL schema looks like, read from the catalogs in four queries.
import type pg from "pg";
import { normaliseDefault, type ReferentialAction, type SchemaShape, type TableShape } from "./schema-shape";

const actions: Record<string, ReferentialAction> = {
  a: "NoAction",
  r: "Restrict",
  c: "Cascade",
  n: "SetNull",
  d: "SetDefault",
};

/** Reads the `public` schema, ignoring Prisma's own bookkeeping table. */
export async function actualSchemaShape(client: pg.ClientBase, schema = "public"): Promise<SchemaShape> {
  const enumRows = await client.query<{ name: string; values: string[] }>(
    `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1 GROUP BY t.typname ORDER BY t.typname`,
    [schema],
  );
  const columnRows = await client.query<{ table: string; name: string; type: string; nullable: boolean; default: string | null }>(
    `SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            NOT a.attnotnull AS nullable,
            -- a generated column's expression is not a default (Prisma cannot declare one)
            CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END AS default
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r'
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = $1 AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> '_prisma_migrations'
      ORDER BY c.relname, a.attnum`,
    [schema],
  );
  const indexRows = await client.query<{ table: string; name: string; columns: string[]; unique: boolean; primary: boolean }>(
    `SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
            array(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns
       FROM pg_index ix
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1 AND t.relname <> '_prisma_migrations'
      ORDER BY t.relname, i.relname`,
    [schema],
  );
  const foreignKeyRows = await client.query<{
    table: string;
    name: string;
    columns: string[];
    referencedTable: string;
    referencedColumns: string[];
    onDelete: string;
    onUpdate: string;
  }>(
    `SELECT t.relname AS table, con.conname AS name, rt.relname AS "referencedTable",
            con.confdeltype AS "onDelete", con.confupdtype AS "onUpdate",
            array(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
            array(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS "referencedColumns"
       FROM pg_constraint con
       JOIN pg_class t ON t.oid = con.conrelid
       JOIN pg_class rt ON rt.oid = con.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE con.contype = 'f' AND n.nspname = $1
      ORDER BY t.relname, con.conname`,
    [schema],
  );

  const tables = new Map<string, TableShape>();
  for (const row of columnRows.rows) {
    const table = tables.get(row.table) ?? { name: row.table, columns: [], primaryKey: { name: "", columns: [] } };
    table.columns.push({ name: row.name, type: row.type, nullable: row.nullable, default: normaliseDefault(row.default) });
    tables.set(row.table, table);
  }
  for (const row of indexRows.rows.filter((index) => index.primary)) {
    const table = tables.get(row.table);
    if (table) table.primaryKey = { name: row.name, columns: row.columns };
  }

  return {
    enums: enumRows.rows,
    tables: [...tables.values()],
    indexes: indexRows.rows.filter((index) => !index.primary).map(({ table, name, columns, unique }) => ({ table, name, columns, unique })),
    foreignKeys: foreignKeyRows.rows.map((row) => ({
      ...row,
      onDelete: actions[row.onDelete] ?? "NoAction",
      onUpdate: actions[row.onUpdate] ?? "NoAction",
    })),
  };
}
