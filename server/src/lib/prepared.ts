/**
 * One prepared query per database handle, built on first use. Drizzle then builds the query's
 * SQL once instead of on every call (in the read profile its query building cost more than the
 * queries' own results), and node-postgres parses the named statement once per connection.
 * A transaction is a handle of its own, so a query prepared for it runs inside it.
 */
export function preparedPer<Handle extends object, Query>(
  build: (db: Handle) => Query,
): (db: Handle) => Query {
  const prepared = new WeakMap<Handle, Query>();
  return (db) => {
    let query = prepared.get(db);
    if (!query) {
      query = build(db);
      prepared.set(db, query);
    }
    return query;
  };
}
