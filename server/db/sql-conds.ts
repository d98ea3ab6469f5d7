/**
 * WHERE clauses for the driver-level reads, written once for both databases:
 * double-quoted identifiers and `?` placeholders (read-driver.ts numbers them
 * for PostgreSQL).
 */

/** One condition of a WHERE clause with its parameters. */
export interface Cond {
  sql: string;
  params: unknown[];
}

/** `"col" = ?`, or nothing when the value is not given (an absent filter). */
export function eq(col: string, value: string | null | undefined): Cond[] {
  return value == null ? [] : [{ sql: `"${col}" = ?`, params: [value] }];
}

/** The conditions joined with AND, as ` WHERE ...` (empty for none). */
export function where(conds: Cond[]): Cond {
  return conds.length ? { sql: ` WHERE ${conds.map((c) => c.sql).join(" AND ")}`, params: conds.flatMap((c) => c.params) } : { sql: "", params: [] };
}
