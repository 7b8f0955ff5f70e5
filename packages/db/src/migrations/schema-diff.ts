// Compares the schema Prisma expects with the one a database has. Every difference becomes a
// readable problem; the additive ones (new enums, tables, columns, indexes, foreign keys) also
// become SQL in Prisma's migration style, so a new migration can be written without the native engine.
import type { ColumnShape, ForeignKeyShape, IndexShape, SchemaShape, TableShape } from "./schema-shape";

export interface SchemaDiff {
  problems: string[];
  /** SQL for the additive part of the difference, ready for a migration.sql file. */
  sql: string;
}

const q = (name: string) => `"${name}"`;
const list = (names: string[]) => names.map(q).join(", ");

function sqlType(pgType: string): string {
  const array = pgType.endsWith("[]");
  const base = array ? pgType.slice(0, -2) : pgType;
  let rendered: string;
  const timestamp = /^timestamp\((\d)\) (with|without) time zone$/.exec(base);
  if (timestamp) rendered = timestamp[2] === "with" ? `TIMESTAMPTZ(${timestamp[1]})` : `TIMESTAMP(${timestamp[1]})`;
  else if (/^[a-z_][a-z0-9_]*$/.test(base) && !/^(text|integer|bigint|boolean|jsonb|json|bytea|uuid|date|smallint|real)$/.test(base))
    rendered = q(base); // a lower-case enum name
  else if (base.startsWith('"')) rendered = base;
  else
    rendered = base
      .replace(/^numeric/, "DECIMAL")
      .replace(/^character varying/, "VARCHAR")
      .toUpperCase();
  return array ? `${rendered}[]` : rendered;
}

function columnSql(column: ColumnShape): string {
  const notNull = column.nullable ? "" : " NOT NULL";
  // an empty array literal has no element type to infer, so PostgreSQL needs the cast (as Prisma writes it)
  const value = column.default === "ARRAY[]" ? `ARRAY[]::${sqlType(column.type)}` : column.default;
  const fallback = value === null ? "" : ` DEFAULT ${value}`;
  return `${q(column.name)} ${sqlType(column.type)}${notNull}${fallback}`;
}

function createTableSql(table: TableShape): string {
  const lines = table.columns.map((column) => `    ${columnSql(column)}`);
  if (table.primaryKey.columns.length)
    lines.push(`    CONSTRAINT ${q(table.primaryKey.name)} PRIMARY KEY (${list(table.primaryKey.columns)})`);
  return `-- CreateTable\nCREATE TABLE ${q(table.name)} (\n${lines.join(",\n")}\n);`;
}

const createIndexSql = (index: IndexShape) =>
  `-- CreateIndex\nCREATE ${index.unique ? "UNIQUE " : ""}INDEX ${q(index.name)} ON ${q(index.table)}(${list(index.columns)});`;

const actionSql = (action: string) => action.replace(/([a-z])([A-Z])/g, "$1 $2").toUpperCase();

const addForeignKeySql = (key: ForeignKeyShape) =>
  `-- AddForeignKey\nALTER TABLE ${q(key.table)} ADD CONSTRAINT ${q(key.name)} FOREIGN KEY (${list(key.columns)}) ` +
  `REFERENCES ${q(key.referencedTable)}(${list(key.referencedColumns)}) ON DELETE ${actionSql(key.onDelete)} ON UPDATE ${actionSql(key.onUpdate)};`;

// Key order differs between the two readers; compare canonical forms.
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

export function diffSchemas(expected: SchemaShape, actual: SchemaShape): SchemaDiff {
  const problems: string[] = [];
  const statements: string[] = [];

  const actualEnums = new Map(actual.enums.map((item) => [item.name, item]));
  for (const item of expected.enums) {
    const found = actualEnums.get(item.name);
    if (!found) {
      problems.push(`enum ${item.name} is missing`);
      statements.push(`-- CreateEnum\nCREATE TYPE ${q(item.name)} AS ENUM (${item.values.map((v) => `'${v}'`).join(", ")});`);
    } else if (!same(found.values, item.values)) {
      problems.push(`enum ${item.name} has values [${found.values.join(", ")}], expected [${item.values.join(", ")}]`);
      for (const value of item.values.filter((v) => !found.values.includes(v)))
        statements.push(`-- AlterEnum\nALTER TYPE ${q(item.name)} ADD VALUE '${value}';`);
    }
  }
  for (const item of actual.enums)
    if (!expected.enums.some((e) => e.name === item.name)) problems.push(`enum ${item.name} exists but is not in schema.prisma`);

  const actualTables = new Map(actual.tables.map((table) => [table.name, table]));
  for (const table of expected.tables) {
    const found = actualTables.get(table.name);
    if (!found) {
      problems.push(`table ${table.name} is missing`);
      statements.push(createTableSql(table));
      continue;
    }
    for (const column of table.columns) {
      const existing = found.columns.find((candidate) => candidate.name === column.name);
      if (!existing) {
        problems.push(`column ${table.name}.${column.name} is missing`);
        statements.push(`-- AlterTable\nALTER TABLE ${q(table.name)} ADD COLUMN ${columnSql(column)};`);
      } else if (!same(existing, column)) {
        problems.push(`column ${table.name}.${column.name} is ${canonical(existing)}, expected ${canonical(column)}`);
      }
    }
    for (const column of found.columns)
      if (!table.columns.some((c) => c.name === column.name))
        problems.push(`column ${table.name}.${column.name} exists but is not in schema.prisma`);
    if (!same(found.primaryKey, table.primaryKey))
      problems.push(`primary key of ${table.name} is ${canonical(found.primaryKey)}, expected ${canonical(table.primaryKey)}`);
  }
  for (const table of actual.tables)
    if (!expected.tables.some((t) => t.name === table.name)) problems.push(`table ${table.name} exists but is not in schema.prisma`);

  const actualIndexes = new Map(actual.indexes.map((index) => [index.name, index]));
  for (const index of expected.indexes) {
    const found = actualIndexes.get(index.name);
    if (!found) {
      problems.push(`index ${index.name} is missing`);
      statements.push(createIndexSql(index));
    } else if (!same(found, index)) problems.push(`index ${index.name} is ${canonical(found)}, expected ${canonical(index)}`);
  }
  for (const index of actual.indexes)
    if (!expected.indexes.some((i) => i.name === index.name)) problems.push(`index ${index.name} exists but is not in schema.prisma`);

  const actualKeys = new Map(actual.foreignKeys.map((key) => [key.name, key]));
  for (const key of expected.foreignKeys) {
    const found = actualKeys.get(key.name);
    if (!found) {
      problems.push(`foreign key ${key.name} is missing`);
      statements.push(addForeignKeySql(key));
    } else if (!same(found, key)) problems.push(`foreign key ${key.name} is ${canonical(found)}, expected ${canonical(key)}`);
  }
  for (const key of actual.foreignKeys)
    if (!expected.foreignKeys.some((k) => k.name === key.name)) problems.push(`foreign key ${key.name} exists but is not in schema.prisma`);

  // Prisma's order: enums, tables, indexes, then foreign keys (tables must exist before references).
  const order = ["-- CreateEnum", "-- AlterEnum", "-- CreateTable", "-- AlterTable", "-- CreateIndex", "-- AddForeignKey"];
  statements.sort((a, b) => order.findIndex((p) => a.startsWith(p)) - order.findIndex((p) => b.startsWith(p)));
  return { problems, sql: statements.length ? `${statements.join("\n\n")}\n` : "" };
}
