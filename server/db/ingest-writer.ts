import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { providerFromUrl, sqliteFilePath } from "./url.ts";

/**
 * A connection of its own for the hottest append-only writes (log lines and
 * metric samples), straight through the driver. Going through Prisma's raw
 * queries spent most of the ingest time marshalling parameters through the
 * query engine; these rows are independent of every other write, so they
 * need no shared transaction. Rows already stored are ignored, which makes
 * an agent's resend harmless.
 */
export interface IngestWriter {
  insertIgnoring(table: "LogLine" | "MetricSample", cols: readonly string[], rows: readonly unknown[][]): Promise<void>;
  /**
   * Lines of one execution after `afterLineNo`, in order: the read side of log
   * following, which runs once per wake-up per follower and dominated the
   * server's time when it went through Prisma.
   */
  readLogLines(executionId: string, afterLineNo: number, limit: number): Promise<StoredLogLine[]>;
  close(): Promise<void>;
}

export interface StoredLogLine {
  executionId: string;
  lineNo: number;
  jobId: string;
  runId: string | null;
  nodeId: string;
  stream: string;
  at: Date;
  text: string;
}

const READ_LINES = `SELECT "executionId", "lineNo", "jobId", "runId", "nodeId", "stream", "at", "text" FROM "LogLine"`;

/**
 * Multi-row INSERTs in a few fixed sizes (a batch of 1,234 rows runs as
 * 2×500, 2×100, 1×20, 2×5 and 4×1), so each size is prepared once and reused:
 * statements sized to each batch were prepared again and again, as agents'
 * batches vary in size (fixed sizes: +8 % end to end in `npm run bench:logs`).
 */
const SQLITE_CHUNK_ROWS = [500, 100, 20, 5, 1] as const;

export function openIngestWriter(url: string): IngestWriter {
  return providerFromUrl(url) === "sqlite" ? sqliteWriter(sqliteFilePath(url)) : postgresWriter(url);
}

function sqliteWriter(file: string): IngestWriter {
  const db = new BetterSqlite3(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  const statements = new Map<string, BetterSqlite3.Statement>();
  const statement = (table: string, cols: readonly string[], n: number) => {
    const key = `${table}:${cols.join(",")}:${n}`;
    let st = statements.get(key);
    if (!st) {
      const row = `(${cols.map(() => "?").join(",")})`;
      st = db.prepare(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(",")}) VALUES ${Array(n).fill(row).join(",")} ON CONFLICT DO NOTHING`);
      statements.set(key, st);
    }
    return st;
  };
  const readLines = db.prepare(`${READ_LINES} WHERE "executionId" = ? AND "lineNo" > ? ORDER BY "lineNo" LIMIT ?`);
  return {
    async readLogLines(executionId, afterLineNo, limit) {
      const rows = readLines.all(executionId, afterLineNo, limit) as (Omit<StoredLogLine, "at"> & { at: string })[];
      return rows.map((r) => ({ ...r, at: new Date(r.at) }));
    },
    async insertIgnoring(table, cols, rows) {
      const width = cols.length;
      db.transaction(() => {
        let i = 0;
        for (const size of SQLITE_CHUNK_ROWS) {
          if (rows.length - i < size) continue;
          const st = statement(table, cols, size);
          const params: unknown[] = new Array(size * width);
          for (; rows.length - i >= size; i += size) {
            for (let r = 0; r < size; r++) {
              const row = rows[i + r];
              for (let c = 0; c < width; c++) params[r * width + c] = sqliteValue(row[c]);
            }
            st.run(params);
          }
        }
      })();
    },
    async close() {
      db.close();
    },
  };
}

/** As Prisma stores them on SQLite: DateTime as ISO text with "+00:00". */
function sqliteValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().replace("Z", "+00:00");
  if (typeof v === "boolean") return v ? 1 : 0;
  return v;
}

function postgresWriter(url: string): IngestWriter {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on("error", () => {
    // an idle client died; the pool replaces it on the next query
  });
  return {
    async readLogLines(executionId, afterLineNo, limit) {
      // "at" is a timestamp without time zone holding UTC: read it as UTC whatever the process's zone.
      const select = READ_LINES.replace('"at",', `("at" AT TIME ZONE 'UTC') AS "at",`);
      const r = await pool.query<StoredLogLine>(`${select} WHERE "executionId" = $1 AND "lineNo" > $2 ORDER BY "lineNo" LIMIT $3`, [executionId, afterLineNo, limit]);
      return r.rows;
    },
    async insertIgnoring(table, cols, rows) {
      const per = Math.max(1, Math.floor(30_000 / cols.length));
      for (let i = 0; i < rows.length; i += per) {
        const chunk = rows.slice(i, i + per);
        let n = 0;
        const values = chunk.map(() => `(${cols.map(() => `$${++n}`).join(",")})`).join(",");
        await pool.query(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(",")}) VALUES ${values} ON CONFLICT DO NOTHING`, chunk.flat());
      }
    },
    async close() {
      await pool.end();
    },
  };
}
