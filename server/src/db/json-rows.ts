import { createHash } from "node:crypto";
import { type Column, getTableColumns, type SQL, sql, type Table } from "drizzle-orm";
import { toSnakeCase } from "drizzle-orm/casing";
import type { DbOrTx } from "./client";

/**
 * Rows sent to and read from PostgreSQL as JSON, so that one statement can write several tables
 * (as CTEs) and answer rows of several tables at once: a round trip to the database costs more
 * than the statement's own work, and a single statement needs no transaction around it.
 * Drizzle's builders cannot nest inserts that way; the column names and decoders still come
 * from the drizzle schema, so a renamed column breaks here the same as everywhere else.
 */

type ColumnEntry = { key: string; column: Column; name: string };
const columnsOf = new WeakMap<Table, ColumnEntry[]>();

function entries(table: Table): ColumnEntry[] {
  let found = columnsOf.get(table);
  if (!found) {
    found = Object.entries(getTableColumns(table)).map(([key, column]) => ({
      key,
      column,
      // The schema is declared with `casing: "snake_case"`: unnamed columns take their key's name.
      name: column.keyAsName ? toSnakeCase(column.name) : column.name,
    }));
    columnsOf.set(table, found);
  }
  return found;
}

/**
 * JSON as the driver answers it: drizzle has PGlite (and node-postgres for some types) answer
 * JSON as text, to decode it per column itself; a raw `sql` field is not decoded for us.
 */
function parsed(json: unknown): unknown {
  return typeof json === "string" ? JSON.parse(json) : json;
}

/** A row of `table` from its `to_jsonb(…)` form, decoded as drizzle decodes a selected row. */
export function rowFromJson<T extends Table>(table: T, json: unknown): T["$inferSelect"] {
  const fields = parsed(json) as Record<string, unknown>;
  const row: Record<string, unknown> = {};
  for (const { key, column, name } of entries(table)) {
    const value = fields[name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T["$inferSelect"];
}

export function rowsFromJson<T extends Table>(table: T, json: unknown): T["$inferSelect"][] {
  const items = parsed(json);
  return Array.isArray(items) ? items.map((item) => rowFromJson(table, item)) : [];
}

/**
 * `"table"."column"`, for raw SQL inside a one-table select: drizzle renders that select's
 * columns without their table, which inside a subquery would name the subquery's own table.
 */
export function qualified(table: Table, column: Column): SQL {
  const name = entries(table).find((entry) => entry.column === column)?.name;
  if (!name) throw new Error(`column ${column.name} is not a column of this table`);
  return sql`${table}.${sql.identifier(name)}`;
}

/**
 * `insert into <table> (<columns>) select … from jsonb_populate_recordset(…)`: the rows travel
 * as one JSON parameter and PostgreSQL casts each field to its column's type. Columns the rows
 * leave out take their defaults. With `onlyIf`, nothing is inserted unless that CTE has a row.
 */
export function insertJsonRows<T extends Table>(
  table: T,
  rows: T["$inferInsert"][],
  onlyIf?: string,
): SQL {
  const present = entries(table).filter(({ key }) =>
    rows.some((row) => (row as Record<string, unknown>)[key] !== undefined),
  );
  const payload = rows.map((row) => {
    const values = row as Record<string, unknown>;
    return Object.fromEntries(present.map(({ key, name }) => [name, values[key] ?? null]));
  });
  const names = sql.join(
    present.map(({ name }) => sql.identifier(name)),
    sql`, `,
  );
  const condition = onlyIf ? sql` where exists (select 1 from ${sql.identifier(onlyIf)})` : sql``;
  return sql`insert into ${table} (${names}) select ${names} from jsonb_populate_recordset(null::${table}, ${JSON.stringify(payload)}::jsonb)${condition}`;
}

/**
 * A CTE body: the rows `insertJsonRows` inserts (when `onlyIf` has a row), `returning *`; or,
 * with no rows to insert, an empty set of the table's rows (so the statement keeps its shape).
 */
export function insertedRows<T extends Table>(
  table: T,
  rows: T["$inferInsert"][],
  onlyIf: string,
  onConflict: SQL = sql``,
): SQL {
  if (rows.length === 0) return sql`select * from ${table} where false`;
  return sql`${insertJsonRows(table, rows, onlyIf)}${onConflict} returning *`;
}

/**
 * The name of the constraint a failed statement violated (PostgreSQL error 23505 and the like),
 * found on the driver's error or the drizzle error wrapping it.
 */
export function violatedConstraint(error: unknown): string | null {
  for (let current = error; current && typeof current === "object"; ) {
    const { constraint, cause } = current as { constraint?: unknown; cause?: unknown };
    if (typeof constraint === "string") return constraint;
    current = cause;
  }
  return null;
}

/**
 * The rows of a raw statement, whichever shape the driver (node-postgres or PGlite) answers.
 * With `preparedAs`, node-postgres runs it as a named prepared statement (parsed and planned once
 * per connection, where drizzle's `execute` sends every raw statement unnamed): for hot statements
 * whose text takes only a few shapes, each shape named after its text's hash. PGlite has no named
 * statements and runs it as usual.
 */
export async function executeRows<Row = Record<string, unknown>>(
  db: DbOrTx,
  query: SQL,
  preparedAs?: string,
): Promise<Row[]> {
  const result = (
    preparedAs ? await executePrepared(db, query, preparedAs) : await db.execute(query)
  ) as { rows?: Row[] } | Row[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}

/** drizzle's own `execute`, given a statement name (its session API takes one; `execute` does not). */
interface PreparingDatabase {
  dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
  _: {
    session: {
      prepareQuery(
        query: { sql: string; params: unknown[] },
        fields: undefined,
        name: string,
        arrayMode: boolean,
      ): { execute(): Promise<unknown> };
    };
  };
}

function executePrepared(db: DbOrTx, query: SQL, name: string): Promise<unknown> {
  const { dialect, _ } = db as unknown as PreparingDatabase;
  const built = dialect.sqlToQuery(query);
  const shape = createHash("sha1").update(built.sql).digest("hex").slice(0, 12);
  return _.session.prepareQuery(built, undefined, `${name}_${shape}`, false).execute();
}
