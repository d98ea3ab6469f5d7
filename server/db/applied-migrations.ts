import crypto from "node:crypto";
import fs from "node:fs";
import Database from "better-sqlite3";
import pg from "pg";
import type { MigrationList } from "./schema-engine.ts";
import { providerFromUrl, sqliteFilePath } from "./url.ts";

/**
 * Whether every checked-in migration is recorded as applied, unchanged, in the
 * database's _prisma_migrations table (as `prisma migrate deploy` writes it).
 *
 * Read with a plain connection, before the schema engine is started: the
 * engine opens SQLite with `locking_mode=EXCLUSIVE`, which a WAL database
 * cannot grant while any other process has the file open (an idle `sqlite3`
 * shell, a backup reading it), so a server that only needed to confirm its
 * schema failed to start as "locked". Anything unclear (no table, a failed or
 * edited migration, another error) answers false and leaves the engine to it.
 */
export async function allMigrationsApplied(databaseUrl: string, migrations: MigrationList): Promise<boolean> {
  const wanted = new Map<string, string>();
  for (const m of migrations.migrationDirectories) {
    if (m.migrationFile.content.tag !== "ok") return false;
    wanted.set(m.path, crypto.createHash("sha256").update(m.migrationFile.content.value).digest("hex"));
  }
  let rows: { migration_name: string; checksum: string }[];
  try {
    rows = await readApplied(databaseUrl);
  } catch {
    return false;
  }
  const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
  for (const [name, checksum] of wanted) if (applied.get(name) !== checksum) return false;
  return true;
}

const APPLIED_SQL = `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;

async function readApplied(databaseUrl: string): Promise<{ migration_name: string; checksum: string }[]> {
  if (providerFromUrl(databaseUrl) === "postgresql") {
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
    await client.connect();
    try {
      return (await client.query(APPLIED_SQL)).rows;
    } finally {
      await client.end();
    }
  }
  const file = sqliteFilePath(databaseUrl);
  if (file === ":memory:" || !fs.existsSync(file)) return [];
  const db = new Database(file, { fileMustExist: true, timeout: 5_000 });
  try {
    return db.prepare(APPLIED_SQL).all() as { migration_name: string; checksum: string }[];
  } finally {
    db.close();
  }
}
