import type { ReadDriver } from "../db/read-driver.ts";
import { EVENTS_COUNTER } from "../events/log.ts";
import { where, type Cond } from "../db/sql-conds.ts";
import type { ParsedExpression } from "../spec/selector.ts";
import { listPage, type ListPage, type PageArgs } from "./pagination.ts";


/** The event-log position now: the seq every list page is read at. */
export async function readSeq(reads: ReadDriver): Promise<number> {
  const [row] = await reads.all(`SELECT "value" FROM "SeqCounter" WHERE "name" = ?`, [EVENTS_COUNTER]);
  return row ? Number(row.value) : 0;
}

/**
 * The same page listRows reads, through the driver: rows of `table` under
 * `conds`, keyset-paged by id (so the cost does not grow with the offset),
 * with a count run only when asked for: `opts.count` when given (a count
 * kept elsewhere), else a COUNT(*) of the rows.
 */
export function sqlListRows<T extends { id: string }>(
  reads: ReadDriver,
  table: string,
  conds: Cond[],
  args: PageArgs,
  opts: { newestFirst?: boolean; count?: () => Promise<number> } = {},
): Promise<ListPage<T>> {
  return listPage(
    () => readSeq(reads),
    args,
    (page) => {
      const bound = page.where.id as { gt?: string; lt?: string } | undefined;
      const all = [...conds, ...(bound?.gt ? [{ sql: `"id" > ?`, params: [bound.gt] }] : []), ...(bound?.lt ? [{ sql: `"id" < ?`, params: [bound.lt] }] : [])];
      const w = where(all);
      const dir = page.orderBy.id === "asc" ? "ASC" : "DESC";
      return reads.rows<T>(table, `SELECT * FROM "${table}"${w.sql} ORDER BY "id" ${dir} LIMIT ?`, [...w.params, page.take]);
    },
    opts.count ??
    (async () => {
      const w = where(conds);
      const [row] = await reads.all(`SELECT COUNT(*) AS "n" FROM "${table}"${w.sql}`, w.params);
      return Number(row.n);
    }),
    opts,
  );
}

/** Rows per value of `col` under `conds` (a state breakdown beside a list). */
export async function countBy<K extends string>(reads: ReadDriver, table: string, col: string, conds: Cond[]): Promise<{ key: K; count: number }[]> {
  const w = where(conds);
  const rows = await reads.all(`SELECT "${col}" AS "k", COUNT(*) AS "n" FROM "${table}"${w.sql} GROUP BY "${col}"`, w.params);
  return rows.map((r) => ({ key: r.k as K, count: Number(r.n) }));
}

/**
 * A label selector over normalised label rows, as SQL: the twin of
 * label-filter.ts's Prisma clauses. As in Kubernetes, `k!=v` and
 * `k notin (...)` also match objects without the label.
 */
export function labelConds(exprs: ParsedExpression[], labelTable: string, fk: string, owner: string): Cond[] {
  const has = (extra: string, params: unknown[]) => ({
    sql: `EXISTS (SELECT 1 FROM "${labelTable}" l WHERE l."${fk}" = "${owner}"."id" AND l."key" = ?${extra})`,
    params,
  });
  const not = (c: Cond) => ({ sql: `NOT ${c.sql}`, params: c.params });
  const inList = (values: string[]) => ` AND l."value" IN (${values.map(() => "?").join(", ")})`;
  return exprs.map((e) => {
    switch (e.op) {
      case "eq":
        return has(` AND l."value" = ?`, [e.key, e.values[0]]);
      case "neq":
        return not(has(` AND l."value" = ?`, [e.key, e.values[0]]));
      case "in":
        return has(inList(e.values), [e.key, ...e.values]);
      case "notin":
        return not(has(inList(e.values), [e.key, ...e.values]));
      case "exists":
        return has("", [e.key]);
      case "notexists":
        return not(has("", [e.key]));
    }
  });
}
