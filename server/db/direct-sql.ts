import type BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { recordStatement } from "./statement-trace.ts";
import type { DatabaseProvider } from "./url.ts";

/**
 * One transaction of plain statements straight through the driver, for the
 * API's hottest writes (submitting a job, registering a node). Through the
 * Prisma client each statement cost about ten times the driver's own time
 * (query compilation, parameter marshalling, an interactive transaction's
 * round trips through the engine); these writes know every row they store, so
 * they need none of it.
 *
 * Statements use `?` placeholders and double-quoted identifiers, which both
 * databases read the same way; values are written as Prisma writes them (see
 * toSqliteValue, toPostgresValue), so the Prisma client reads them back
 * unchanged.
 */
export interface Statement {
  sql: string;
  /** The values, or a function of the results of the statements before it (a seq just taken). */
  params: readonly unknown[] | ((before: readonly StatementResult[]) => readonly unknown[]);
  /** Called with the result; a throw rolls the whole transaction back. */
  check?: (result: StatementResult) => void;
}

export interface StatementResult {
  /** Rows changed (INSERT, UPDATE, DELETE). */
  changes: number;
  /** Rows returned (SELECT, RETURNING); a BIGINT may come as text (pg) or a number (SQLite). */
  rows: Record<string, unknown>[];
}

export interface DirectSql {
  readonly provider: DatabaseProvider;
  /** Runs the statements in order in one transaction; any failure rolls every one back and rethrows. */
  transaction(statements: readonly Statement[]): Promise<StatementResult[]>;
  /** Whether `err` is a unique-index violation of `table` (the index guards, so nothing is read first). */
  isUniqueViolation(err: unknown, table: string): boolean;
  close(): Promise<void>;
}

/**
 * A FIFO lock. On SQLite the Prisma client and DirectSql share one
 * connection; Prisma holds this lock from BEGIN to COMMIT of each of its
 * transactions, and DirectSql runs its whole transaction synchronously while
 * holding it, so the two never interleave inside one transaction. (A second
 * connection would not do: better-sqlite3 waits for a busy database on the
 * event loop's thread, so a direct write waiting for an open Prisma
 * transaction would stop that transaction from ever finishing.)
 */
export class WriteLock {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => held);
    return ready;
  }
}

/** DirectSql on the better-sqlite3 connection the Prisma client uses. */
export function sqliteDirectSql(db: BetterSqlite3.Database, lock: WriteLock): DirectSql {
  const prepared = new Map<string, BetterSqlite3.Statement>();
  const prepare = (sql: string) => {
    let st = prepared.get(sql);
    if (!st) {
      st = db.prepare(sql);
      // Prisma's adapter turns safe integers on for the connection; these results are small counters and counts.
      st.safeIntegers(false);
      prepared.set(sql, st);
    }
    return st;
  };
  const runAll = db.transaction((statements: readonly Statement[]) => {
    const results: StatementResult[] = [];
    for (const s of statements) {
      const st = prepare(s.sql);
      const params = (typeof s.params === "function" ? s.params(results) : s.params).map(toSqliteValue);
      recordStatement(s.sql);
      let result: StatementResult;
      if (st.reader) {
        const rows = st.all(params) as Record<string, unknown>[];
        result = { changes: rows.length, rows };
      } else {
        result = { changes: st.run(params).changes, rows: [] };
      }
      s.check?.(result);
      results.push(result);
    }
    return results;
  });
  return {
    provider: "sqlite",
    async transaction(statements) {
      const release = await lock.acquire();
      try {
        recordStatement("BEGIN IMMEDIATE");
        const results = runAll.immediate(statements);
        recordStatement("COMMIT");
        return results;
      } catch (err) {
        recordStatement("ROLLBACK");
        throw err;
      } finally {
        release();
      }
    },
    isUniqueViolation(err, table) {
      const e = err as { code?: string; message?: string };
      return (
        (e?.code === "SQLITE_CONSTRAINT_UNIQUE" || e?.code === "SQLITE_CONSTRAINT_PRIMARYKEY") &&
        typeof e.message === "string" &&
        e.message.includes(`: ${table}.`)
      );
    },
    async close() {
      prepared.clear();
    },
  };
}

/** DirectSql on a pool of its own (PostgreSQL serialises writers by row locks, not by connection). */
export function postgresDirectSql(url: string, poolMax = 10): DirectSql {
  const pool = new pg.Pool({ connectionString: url, max: poolMax });
  pool.on("error", () => {
    // an idle client died; the pool replaces it on the next query
  });
  const numbered = new Map<string, string>();
  const toPg = (sql: string) => {
    let out = numbered.get(sql);
    if (out === undefined) {
      let n = 0;
      out = sql.replace(/\?/g, () => `$${++n}`);
      numbered.set(sql, out);
    }
    return out;
  };
  return {
    provider: "postgresql",
    async transaction(statements) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        recordStatement("BEGIN");
        await client.query("BEGIN");
        const results: StatementResult[] = [];
        for (const s of statements) {
          const params = (typeof s.params === "function" ? s.params(results) : s.params).map(toPostgresValue);
          recordStatement(s.sql);
          const r = await client.query({ text: toPg(s.sql), values: params as unknown[] });
          const result = { changes: r.rowCount ?? 0, rows: r.rows };
          s.check?.(result);
          results.push(result);
        }
        recordStatement("COMMIT");
        await client.query("COMMIT");
        return results;
      } catch (err) {
        recordStatement("ROLLBACK");
        await client.query("ROLLBACK").catch((e: Error) => (broken = e));
        throw err;
      } finally {
        // A connection that could not roll back is closed rather than handed to the next write.
        client.release(broken);
      }
    },
    isUniqueViolation(err, table) {
      const e = err as { code?: string; table?: string };
      return e?.code === "23505" && e.table === table;
    },
    close: () => pool.end(),
  };
}

/** As Prisma stores them on SQLite: DateTime as ISO text with "+00:00", JSON as text, booleans as 0/1. */
function toSqliteValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().replace("Z", "+00:00");
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v !== null && typeof v === "object") return JSON.stringify(v);
  return v;
}

/**
 * As Prisma stores them on PostgreSQL: DateTime columns are timestamps
 * without time zone holding UTC, so a Date goes as its UTC wall time (pg
 * would send the process's local time); JSON as text.
 */
function toPostgresValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().replace("Z", "");
  if (typeof v === "bigint") return v.toString();
  if (v !== null && typeof v === "object") return JSON.stringify(v);
  return v;
}
