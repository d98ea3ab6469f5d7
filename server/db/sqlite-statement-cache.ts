// Prepared statements for Prisma's SQLite adapter, kept instead of compiled again.
//
// @prisma/adapter-better-sqlite3 calls `db.prepare(sql).bind(args)` for every
// query: SQLite parses and plans the same statement text each time. In the
// profiles of an idle server (the control loops' polls) and of submitJob,
// `prepare` was 8-19 % of all CPU. Prisma's statement texts are few (values
// are always parameters), so the adapter is handed a connection whose
// `prepare` returns a statement from a bounded cache, and whose `bind` keeps
// the arguments for the call instead of binding them to the shared statement
// (a better-sqlite3 statement can be bound only once).
//
// Sharing one statement object is safe because better-sqlite3 runs each
// `run`/`all` to completion synchronously; only `iterate`, which the adapter
// never uses, keeps a statement busy across calls.
import type BetterSqlite3 from "better-sqlite3";

/** How many distinct statement texts stay prepared (IN lists of many lengths make new texts). */
export const STATEMENT_CACHE_SIZE = 256;

type Statement = BetterSqlite3.Statement<unknown[]>;

/** The part of a better-sqlite3 statement the adapter uses, with the arguments of one call. */
class BoundStatement {
  constructor(
    private readonly stmt: Statement,
    private readonly cached: CachedStatement,
    private readonly args: unknown[],
  ) {}
  get reader(): boolean {
    return this.stmt.reader;
  }
  columns() {
    return this.cached.columns();
  }
  run() {
    return this.stmt.run(...this.args);
  }
  all() {
    return this.stmt.all(...this.args);
  }
  raw() {
    // Every reader the adapter runs is read raw, so the mode set here never changes for a text.
    this.stmt.raw(true);
    return this;
  }
}

class CachedStatement {
  private columnList: BetterSqlite3.ColumnDefinition[] | null = null;
  constructor(private readonly stmt: Statement) {}
  get reader(): boolean {
    return this.stmt.reader;
  }
  /** Prisma names every column it selects, so a statement's result columns never change: read them once. */
  columns(): BetterSqlite3.ColumnDefinition[] {
    return (this.columnList ??= this.stmt.columns());
  }
  bind(args: unknown[]): BoundStatement {
    return new BoundStatement(this.stmt, this, args);
  }
  run() {
    return this.stmt.run();
  }
}

export interface StatementCacheStats {
  hits: number;
  misses: number;
  size: number;
}

/**
 * A stand-in for `db` with cached `prepare`; everything else (exec, close,
 * pragma, …) goes to `db` itself.
 */
export function withStatementCache(db: BetterSqlite3.Database, size = STATEMENT_CACHE_SIZE): BetterSqlite3.Database & { statementCache: StatementCacheStats } {
  const cache = new Map<string, CachedStatement>();
  const stats: StatementCacheStats = { hits: 0, misses: 0, size: 0 };
  const prepare = (sql: string): CachedStatement => {
    let stmt = cache.get(sql);
    if (stmt) {
      stats.hits++;
      // Most recently used last, so the first key is the one to evict.
      cache.delete(sql);
      cache.set(sql, stmt);
      return stmt;
    }
    stats.misses++;
    stmt = new CachedStatement(db.prepare(sql) as Statement);
    cache.set(sql, stmt);
    if (cache.size > size) cache.delete(cache.keys().next().value!);
    stats.size = cache.size;
    return stmt;
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "prepare") return prepare;
      if (prop === "statementCache") return stats;
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  }) as BetterSqlite3.Database & { statementCache: StatementCacheStats };
}
