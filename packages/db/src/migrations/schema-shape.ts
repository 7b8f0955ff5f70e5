// A database schema reduced to what migrations must agree on: enums, tables, columns, keys, indexes
// and foreign keys. Both sides of a drift check (schema.prisma and a live database) become this shape.

export interface ColumnShape {
  name: string;
  /** PostgreSQL's own spelling, as format_type() prints it: text, integer, "Role", text[] … */
  type: string;
  nullable: boolean;
  /** Normalised default expression, or null when the database supplies none. */
  default: string | null;
}

export interface TableShape {
  name: string;
  columns: ColumnShape[];
  primaryKey: { name: string; columns: string[] };
}

export interface IndexShape {
  name: string;
  table: string;
  columns: string[];
  unique: boolean;
}

export type ReferentialAction = "Cascade" | "Restrict" | "NoAction" | "SetNull" | "SetDefault";

export interface ForeignKeyShape {
  name: string;
  table: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
}

export interface SchemaShape {
  enums: { name: string; values: string[] }[];
  tables: TableShape[];
  indexes: IndexShape[];
  foreignKeys: ForeignKeyShape[];
}

/** Strips casts and outer quoting so 'QUEUED'::"RunStatus" and 'QUEUED' compare equal. */
export function normaliseDefault(expression: string | null): string | null {
  if (expression === null) return null;
  let value = expression.trim().replace(/::[\w" ]+(\[\])?(\(\d+(,\d+)?\))?/g, "");
  if (/^now\(\)$/i.test(value)) value = "CURRENT_TIMESTAMP";
  return value;
}
