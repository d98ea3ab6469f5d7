import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { getDatamodel } from "./generated/pothos-types.ts";
import { recordStatement } from "./statement-trace.ts";
import { providerFromUrl, sqliteFilePath, type DatabaseProvider } from "./url.ts";

/**
 * A connection of its own for the hottest reads (list pages, the token of
 * each request), straight through the driver. Through Prisma a jobs page
 * spent most of its time in the client and its adapter (which prepares the
 * statement again on every query); here each statement is prepared once
 * and rows come back as Prisma would return them (see `decode`).
 *
 * SQL is written once for both databases: double-quoted identifiers and `?`
 * placeholders (numbered for PostgreSQL here).
 */
export interface ReadDriver {
  provider: DatabaseProvider;
  /** The rows of a SELECT, as the driver returns them. */
  all(sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** The rows of a SELECT over one model's columns, typed as Prisma types them. */
  rows<T>(model: string, sql: string, params: readonly unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export function openReadDriver(url: string): ReadDriver {
  return providerFromUrl(url) === "sqlite" ? sqliteReader(sqliteFilePath(url)) : postgresReader(url);
}

function sqliteReader(file: string): ReadDriver {
  const db = new BetterSqlite3(file);
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  // This connection only reads: a bug that tried to write through it fails instead of racing the writer.
  db.pragma("query_only = ON");
  const statements = new Map<string, BetterSqlite3.Statement>();
  const all = async (sql: string, params: readonly unknown[]) => {
    recordStatement(sql);
    let st = statements.get(sql);
    if (!st) statements.set(sql, (st = db.prepare(sql)));
    return st.all(...params.map(sqliteParam)) as Record<string, unknown>[];
  };
  return {
    provider: "sqlite",
    all,
    async rows(model, sql, params) {
      return decode(model, await all(sql, params), "sqlite") as never;
    },
    async close() {
      db.close();
    },
  };
}

function sqliteParam(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().replace("Z", "+00:00");
  if (typeof v === "boolean") return v ? 1 : 0;
  return v;
}

/** "timestamp without time zone" columns hold UTC: read them as UTC whatever the process's zone. */
const TIMESTAMP_OID = 1114;
/** JSON columns are parsed when a field reads them (see `decode`), not for every row fetched. */
const JSON_OIDS = new Set([114, 3802]);
const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === TIMESTAMP_OID) return (s: string) => new Date(s.replace(" ", "T") + "Z");
    if (JSON_OIDS.has(oid)) return (s: string) => s;
    return pg.types.getTypeParser(oid, format as "text");
  },
};

function postgresReader(url: string): ReadDriver {
  const pool = new pg.Pool({ connectionString: url, max: 10, idleTimeoutMillis: 10_000, types: pgTypes as pg.CustomTypesConfig });
  pool.on("error", () => {
    // an idle client died; the pool replaces it on the next query
  });
  const numbered = new Map<string, string>();
  const all = async (sql: string, params: readonly unknown[]) => {
    recordStatement(sql);
    let text = numbered.get(sql);
    if (text === undefined) {
      let n = 0;
      numbered.set(sql, (text = sql.replace(/\?/g, () => `$${++n}`)));
    }
    const r = await pool.query({ text, values: params.map(pgParam) as unknown[] });
    return r.rows as Record<string, unknown>[];
  };
  return {
    provider: "postgresql",
    all,
    async rows(model, sql, params) {
      return decode(model, await all(sql, params), "postgresql") as never;
    },
    async close() {
      await pool.end();
    },
  };
}

/** As timestamp-without-time-zone text in UTC, which is how Prisma writes them. */
function pgParam(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().replace("T", " ").replace("Z", "");
  return v;
}

type Conversion = "date" | "json" | "bool" | "bigint";
const conversions = new Map<string, [string, Conversion][]>();

function conversionsOf(model: string): [string, Conversion][] {
  let list = conversions.get(model);
  if (list) return list;
  const fields = getDatamodel().datamodel.models[model]?.fields;
  if (!fields) throw new Error(`no model ${model}`);
  list = [];
  for (const f of fields) {
    if (f.kind !== "scalar") continue;
    const c: Conversion | null = f.type === "DateTime" ? "date" : f.type === "Json" ? "json" : f.type === "Boolean" ? "bool" : f.type === "BigInt" ? "bigint" : null;
    if (c) list.push([f.name, c]);
  }
  conversions.set(model, list);
  return list;
}

/**
 * Rows of `model` as Prisma returns them: DateTime as Date, Json parsed,
 * Boolean and BigInt as such. SQLite stores dates and JSON as text and
 * booleans as 0/1; pg parses dates (above). JSON (a job's spec is most of
 * its row) is parsed on first read of the field: a page of 50 jobs parsed
 * 50 specs that the selection rarely asks for.
 */
function decode(model: string, rows: Record<string, unknown>[], provider: DatabaseProvider): Record<string, unknown>[] {
  const list = conversionsOf(model);
  for (const row of rows) {
    for (const [name, c] of list) {
      const v = row[name];
      if (v == null) continue;
      if (c === "json") lazyJson(row, name, v as string);
      else if (c === "bigint") row[name] = BigInt(v as number | string);
      else if (provider === "postgresql") continue;
      else if (c === "date") row[name] = new Date(v as string | number);
      else row[name] = v === 1 || v === true;
    }
  }
  return rows;
}

function lazyJson(row: Record<string, unknown>, name: string, text: string): void {
  Object.defineProperty(row, name, {
    configurable: true,
    enumerable: true,
    get() {
      const value = JSON.parse(text);
      Object.defineProperty(row, name, { value, writable: true, configurable: true, enumerable: true });
      return value;
    },
    set(value) {
      Object.defineProperty(row, name, { value, writable: true, configurable: true, enumerable: true });
    },
  });
}
