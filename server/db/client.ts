// Opens the database a URL names, with the generated Prisma client of its
// provider. Both generated clients come from the same models and have the same
// API, so the rest of the code types everything with the SQLite client's types,
// imported from here: `import type { PrismaClient, Job, Prisma } from "../db/client.ts"`.
import fs from "node:fs";
import path from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import type { SqlDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";
import { postgresDirectSql, sqliteDirectSql, WriteLock, type DirectSql } from "./direct-sql.ts";
import type { PrismaClient as SqlitePrismaClient } from "./generated/sqlite/client.ts";
import { tracedAdapterFactory } from "./statement-trace.ts";
import { openReadDriver, type ReadDriver } from "./read-driver.ts";
import { withStatementCache } from "./sqlite-statement-cache.ts";
import { defaultDatabaseUrl, providerFromUrl, redactUrl, sqliteFilePath, type DatabaseProvider } from "./url.ts";

// Types of every model (Job, Node, …), the enums (values and types), `$Enums`
// and the `Prisma` namespace (Prisma.TransactionClient, Prisma.JsonNull, …).
// The runtime objects in `Prisma` come from @prisma/client's shared runtime, so
// they work with either client.
export type * from "./generated/sqlite/client.ts";
export * from "./generated/sqlite/enums.ts";
export { Prisma, $Enums } from "./generated/sqlite/client.ts";

/** The client type for both databases (the SQLite client's; the PostgreSQL one has the same API). */
export type PrismaClient = SqlitePrismaClient;

export { defaultDatabaseUrl, providerFromUrl, type DatabaseProvider };

export interface Database {
  prisma: PrismaClient;
  /** Plain-statement transactions through the driver, for the hottest API writes (see direct-sql.ts). */
  sql: DirectSql;
  provider: DatabaseProvider;
  url: string;
  /** The direct-driver reads of the hottest list pages and token lookups, opened on first use. */
  readonly reads: ReadDriver;
  /** Disconnects the client and closes its connections. Safe to call twice. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** SQLite: how long a writer waits for the lock, in ms (busy_timeout). Default 5000. */
  busyTimeoutMs?: number;
  /** PostgreSQL: pool size. Default 10. */
  poolMax?: number;
  /** Called with pool-level errors (PostgreSQL), which would otherwise be dropped. */
  onPoolError?: (err: Error) => void;
}

/**
 * Runs the SQLite settings on every connection the adapter opens: WAL (readers
 * do not block the writer), synchronous=NORMAL (safe with WAL), a busy timeout
 * and foreign keys (cascading deletes).
 */
async function sqliteFactory(file: string, busyTimeoutMs: number, onConnect: (connection: BetterSqlite3.Database) => void): Promise<SqlDriverAdapterFactory> {
  // Loaded here, not at the top: a PostgreSQL server never loads the SQLite adapter, nor the other way round.
  const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3");
  const inner = new PrismaBetterSqlite3({ url: file, timeout: busyTimeoutMs });
  const pragmas = [
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
    `PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`,
    "PRAGMA foreign_keys = ON",
  ].join(";\n");
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      const adapter = await inner.connect();
      try {
        await adapter.executeScript(pragmas);
      } catch (e) {
        await adapter.dispose().catch(() => {});
        throw e;
      }
      // The adapter's own better-sqlite3 connection, given statements that stay prepared.
      const holder = adapter as unknown as { client: BetterSqlite3.Database };
      onConnect(holder.client);
      holder.client = withStatementCache(holder.client);
      return adapter;
    },
  };
}

/**
 * On SQLite, holds `lock` for each of the Prisma client's transactions, from
 * BEGIN to COMMIT or ROLLBACK: DirectSql shares the connection and the lock.
 */
function withTransactionLock(factory: SqlDriverAdapterFactory, lock: WriteLock): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = await factory.connect();
      const start = adapter.startTransaction.bind(adapter);
      adapter.startTransaction = async (isolation) => {
        const release = await lock.acquire();
        let tx: Transaction;
        try {
          tx = await start(isolation);
        } catch (e) {
          release();
          throw e;
        }
        const commit = tx.commit.bind(tx);
        const rollback = tx.rollback.bind(tx);
        tx.commit = () => commit().finally(release);
        tx.rollback = () => rollback().finally(release);
        return tx;
      };
      return adapter;
    },
  };
}

/**
 * Interactive transactions' limits. Prisma's defaults (2 s to start, 5 s in
 * all) count the time a transaction waits for the event counter's row lock,
 * which every event-appending write takes last and holds until commit (see
 * appendEvents): on PostgreSQL one slow writer, a loaded machine enough,
 * expired every transaction queued behind it, and the caller got an
 * INTERNAL_SERVER_ERROR for a write that had done nothing wrong.
 */
export const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;

/**
 * Opens the database at `url` (SQLite `file:…`/path or `postgresql://…`). Apply migrations first.
 * Only the provider's own client and driver are loaded: a SQLite server never loads pg or the PostgreSQL client.
 */
export async function openDatabase(url: string, opts: OpenDatabaseOptions = {}): Promise<Database> {
  const provider = providerFromUrl(url);
  let prisma: PrismaClient;
  let connection: BetterSqlite3.Database | null = null;
  const lock = new WriteLock();
  if (provider === "sqlite") {
    const file = sqliteFilePath(url);
    if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const factory = await sqliteFactory(file, opts.busyTimeoutMs ?? 5_000, (db) => {
      // The adapter's own better-sqlite3 connection, which DirectSql shares (see WriteLock).
      connection = db;
    });
    const { PrismaClient } = await import("./generated/sqlite/client.ts");
    prisma = new PrismaClient({ adapter: tracedAdapterFactory(withTransactionLock(factory, lock)), transactionOptions: TRANSACTION_OPTIONS });
  } else {
    const [{ PrismaPg }, { PrismaClient: PostgresPrismaClient }] = await Promise.all([
      import("@prisma/adapter-pg"),
      import("./generated/postgresql/client.ts"),
    ]);
    const adapter = new PrismaPg(
      {
        connectionString: url,
        max: opts.poolMax ?? 10,
        idleTimeoutMillis: 10_000,
        connectionTimeoutMillis: 10_000,
      },
      { onPoolError: opts.onPoolError },
    );
    // Same models, same API: the PostgreSQL client is typed as the shared client type.
    prisma = new PostgresPrismaClient({ adapter: tracedAdapterFactory(adapter), transactionOptions: TRANSACTION_OPTIONS }) as unknown as PrismaClient;
  }
  try {
    await prisma.$connect();
  } catch (e) {
    await prisma.$disconnect().catch(() => {});
    const message = e instanceof Error ? e.message : String(e);
    throw new Error(`cannot open database ${redactUrl(url)}: ${message}`, { cause: e });
  }
  let sql: DirectSql;
  if (provider === "sqlite") {
    if (!connection) {
      await prisma.$disconnect().catch(() => {});
      throw new Error(`cannot open database ${redactUrl(url)}: the SQLite adapter did not connect`);
    }
    sql = sqliteDirectSql(connection, lock);
  } else {
    sql = postgresDirectSql(url, opts.poolMax ?? 10);
  }
  let closed: Promise<void> | null = null;
  let reads: ReadDriver | null = null;
  return {
    prisma,
    sql,
    provider,
    url,
    get reads() {
      if (closed) throw new Error("the database is closed");
      return (reads ??= openReadDriver(url));
    },
    close() {
      closed ??= Promise.all([sql.close(), prisma.$disconnect(), reads?.close()]).then(() => {});
      return closed;
    },
  };
}

/**
 * The database holds token hashes and every job's environment: only the
 * server's user may read it. SQLite creates its files (the database, its WAL
 * and shared-memory files) with the process umask, so they are narrowed here
 * once they exist.
 */
export function restrictSqliteFiles(file: string): void {
  if (file === ":memory:") return;
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(f, 0o600);
    } catch {
      // not created (yet): SQLite makes -wal and -shm on first use
    }
  }
}
