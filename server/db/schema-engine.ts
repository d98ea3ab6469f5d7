// Prisma's schema engine (migrations, diffs) as WebAssembly, driven through a
// driver adapter. The native engine binary cannot be downloaded on these
// machines; the WASM build is the same engine and needs no download.
//
// The package's default entry imports the .wasm file as an ES module, which Node
// rejects, so the glue module is imported directly and the .wasm instantiated
// here, once per process.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";
import { providerFromUrl, sqliteFilePath } from "./url.ts";
import type {
  MigrationList,
  SchemaEngine,
  SchemaFilter,
} from "@prisma/schema-engine-wasm/schema_engine_bg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type ErrorRegistry,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";

export type { MigrationList, SchemaEngine, SchemaFilter };

const require = createRequire(import.meta.url);

/** No externally managed tables or enums. */
export const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };

let loading: Promise<typeof bg> | null = null;

/** Instantiates the schema engine's WebAssembly module (once per process). */
export function loadSchemaEngineWasm(): Promise<typeof bg> {
  loading ??= (async () => {
    const glue = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await fs.promises.readFile(path.join(path.dirname(glue), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports,
    });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
    return bg;
  })();
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

export interface SchemaFile {
  path: string;
  content: string;
}

export interface OpenSchemaEngineOptions {
  /** The Prisma schema the engine works with (its datasource names the provider). */
  schema: SchemaFile;
  /** Creates connections to the database (and, for diffs from migrations, the shadow database). */
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  log?: (line: string) => void;
}

export interface SchemaEngineHandle {
  engine: SchemaEngine;
  /** The engine's error as an Error, with the driver adapter's own error filled in. */
  explain(e: unknown): Error;
  /** Frees the engine and disposes every connection it opened. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Remembers every adapter the engine opens through the factory, so `close()` can
 * dispose the ones the engine left open (an open pg pool keeps Node alive).
 */
function trackingFactory(factory: SqlMigrationAwareDriverAdapterFactory) {
  const open = new Set<SqlDriverAdapter>();
  const track = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const dispose = adapter.dispose.bind(adapter);
    let disposed: Promise<void> | null = null;
    adapter.dispose = () => {
      disposed ??= (async () => {
        open.delete(adapter);
        await dispose();
      })();
      return disposed;
    };
    open.add(adapter);
    return adapter;
  };
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => track(await factory.connect()),
    connectToShadowDb: async () => track(await factory.connectToShadowDb()),
  };
  return {
    factory: tracked,
    async disposeAll() {
      const errors: unknown[] = [];
      for (const adapter of [...open]) {
        await adapter.dispose().catch((e: unknown) => errors.push(e));
      }
      if (errors.length > 0) throw errors[0];
    },
  };
}

/** Starts a schema engine over the given adapter factory. Close it when done. */
export async function openSchemaEngine(opts: OpenSchemaEngineOptions): Promise<SchemaEngineHandle> {
  const wasm = await loadSchemaEngineWasm();
  const tracking = trackingFactory(opts.adapterFactory);
  const log = opts.log;
  const onLog = (line: unknown) => {
    if (log) log(typeof line === "string" ? line : JSON.stringify(line));
  };
  const bound = bindMigrationAwareSqlAdapterFactory(tracking.factory);
  let engine: SchemaEngine;
  try {
    engine = await wasm.SchemaEngine.new({ datamodels: [[opts.schema.path, opts.schema.content]] }, onLog, bound);
  } catch (e) {
    await tracking.disposeAll().catch(() => {});
    throw asError(e, bound.errorRegistry);
  }
  let closed: Promise<void> | null = null;
  return {
    engine,
    explain: (e: unknown) => asError(e, bound.errorRegistry),
    close() {
      closed ??= (async () => {
        try {
          engine.free();
        } finally {
          await tracking.disposeAll();
        }
      })();
      return closed;
    },
  };
}

/** Runs `fn` with an engine and always closes it; errors come back as Error with the engine's message. */
export async function withSchemaEngine<T>(
  opts: OpenSchemaEngineOptions,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const handle = await openSchemaEngine(opts);
  try {
    return await fn(handle.engine).catch((e: unknown) => {
      throw handle.explain(e);
    });
  } finally {
    await handle.close();
  }
}

/**
 * The engine rejects with plain objects or strings at times, and reports a
 * driver adapter's failure only as "External error id#N"; make them Errors
 * whose message says what actually went wrong.
 */
export function asError(e: unknown, registry?: ErrorRegistry): Error {
  let err: Error;
  if (e instanceof Error) err = e;
  else if (typeof e === "string") err = new Error(e);
  else if (e && typeof e === "object") {
    const o = e as { message?: unknown; error?: unknown };
    const message =
      typeof o.message === "string" ? o.message : typeof o.error === "string" ? o.error : JSON.stringify(e);
    err = Object.assign(new Error(message), { cause: e });
  } else err = new Error(String(e));
  if (registry) {
    const causes: string[] = [];
    for (const m of err.message.matchAll(/External error id#(\d+)/g)) {
      const record = registry.consumeError(Number(m[1]));
      if (record) causes.push(describeAdapterError(record.error));
    }
    if (causes.length > 0) err.message += `\nDriver adapter error: ${causes.join("; ")}`;
  }
  return err;
}

function describeAdapterError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const original = cause instanceof Error ? ` (${cause.message})` : "";
    return `${error.message}${original}`;
  }
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

// PostgreSQL's internal one-byte type "char" (OID 18): the engine's catalog
// queries (pg_constraint.contype and friends) return it, and @prisma/adapter-pg
// 7.10 has no column type for it, so describing a schema that has constraints
// fails with "Column type 'char' could not be deserialized from the database".
// pg already hands its value over as a one-letter string; report it as text.
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

function reportCharAsText<T>(result: T): T {
  for (const r of Array.isArray(result) ? result : [result]) {
    const fields = (r as { fields?: { dataTypeID: number }[] } | null)?.fields;
    if (!Array.isArray(fields)) continue;
    for (const f of fields) if (f.dataTypeID === PG_CHAR_OID) f.dataTypeID = PG_TEXT_OID;
  }
  return result;
}

function patchCharColumns(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const last = args.at(-1);
    if (typeof last === "function") {
      const cb = last as (err: unknown, res: unknown) => void;
      return query(...args.slice(0, -1), (err: unknown, res: unknown) => cb(err, err ? res : reportCharAsText(res)));
    }
    const out = query(...args);
    return out && typeof (out as Promise<unknown>).then === "function"
      ? (out as Promise<unknown>).then(reportCharAsText)
      : out;
  };
}

/**
 * A PostgreSQL adapter factory for the schema engine: each connection is a
 * small pg pool of its own (ended when the engine disposes it) whose results
 * report "char" columns as text. `shadowUrl` names a database the caller owns
 * for diffs that replay migrations; it is never created or dropped here.
 */
export function postgresSchemaEngineAdapterFactory(url: string, shadowUrl?: string): SqlMigrationAwareDriverAdapterFactory {
  const open = (connectionString: string) => {
    const pool = new pg.Pool({ connectionString, max: 2, idleTimeoutMillis: 1_000 });
    pool.on("connect", patchCharColumns);
    pool.on("error", () => {});
    return new PrismaPg(pool, { disposeExternalPool: true }).connect().then((adapter) => postgresScriptsWhole(adapter, pool));
  };
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => open(url),
    connectToShadowDb: () =>
      shadowUrl
        ? open(shadowUrl)
        : Promise.reject(new Error("this operation needs a shadow database, and none was given")),
  };
}

/**
 * The pg adapter runs a migration script by splitting it at every ";", which
 * cuts a function body ($$ ... $$, the list_counts triggers) apart. PostgreSQL
 * runs a multi-statement script sent as one simple query, as one implicit
 * transaction: send it whole, so a migration also applies entirely or not at all.
 */
function postgresScriptsWhole(adapter: SqlDriverAdapter, pool: pg.Pool): SqlDriverAdapter {
  const rethrow = (adapter as unknown as { onError(e: unknown): never }).onError.bind(adapter);
  adapter.executeScript = async (script) => {
    try {
      await pool.query(script);
    } catch (e) {
      rethrow(e);
    }
  };
  return adapter;
}

// When the engine replays migrations on a SQLite shadow database it sends each
// migration script as one executeRaw call, which better-sqlite3 refuses ("The
// supplied SQL string contains more than one statement") before running any of
// it. A parameterless multi-statement call is a script: run it as one.
function isMultiStatementError(e: unknown): boolean {
  return e instanceof RangeError && /more than one statement/i.test(e.message);
}

function runScriptsWhole(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const queryRaw = adapter.queryRaw.bind(adapter);
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (e) {
      if (query.args.length > 0 || !isMultiStatementError(e)) throw e;
      await adapter.executeScript(query.sql);
      return 0;
    }
  };
  adapter.queryRaw = async (query) => {
    try {
      return await queryRaw(query);
    } catch (e) {
      if (query.args.length > 0 || !isMultiStatementError(e)) throw e;
      await adapter.executeScript(query.sql);
      return { columnNames: [], columnTypes: [], rows: [] };
    }
  };
  return adapter;
}

/**
 * A SQLite adapter factory for the schema engine. `file` is the database;
 * `shadowFile` a scratch file the caller owns for diffs that replay migrations
 * (an in-memory database when omitted).
 */
export function sqliteSchemaEngineAdapterFactory(file: string, shadowFile?: string): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaBetterSqlite3({ url: file, timeout: 10_000 }, { shadowDatabaseUrl: shadowFile ?? ":memory:" });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => runScriptsWhole(await factory.connect()),
    connectToShadowDb: async () => runScriptsWhole(await factory.connectToShadowDb()),
  };
}

/**
 * A driver adapter factory the schema engine can use on the database at `url`.
 * SQLite: the parent directory is created. PostgreSQL: no shadow database
 * (applying migrations needs none).
 */
export function migrationAdapterFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  if (providerFromUrl(url) === "postgresql") {
    return postgresSchemaEngineAdapterFactory(url);
  }
  const file = sqliteFilePath(url);
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  return sqliteSchemaEngineAdapterFactory(file);
}
