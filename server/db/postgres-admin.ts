// Creating and dropping whole PostgreSQL databases: throwaway databases for
// tests and for diffing migrations (a shadow database whose lifecycle we own,
// rather than PrismaPg's, whose teardown drops the database while its own pool
// is still connected).
import crypto from "node:crypto";
import pg from "pg";

/** The server's maintenance database, used to create and drop others. */
export const DEFAULT_PG_ADMIN_URL = "postgresql://root@127.0.0.1:5432/postgres";

export function pgAdminUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.PG_ADMIN_URL || DEFAULT_PG_ADMIN_URL;
}

/** `url` with its database name replaced. */
export function withDatabaseName(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

export interface ThrowawayDatabase {
  name: string;
  url: string;
  /** Drops the database, disconnecting whoever is still connected. Safe to call twice. */
  drop(): Promise<void>;
}

async function admin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  client.on("error", () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Creates `<prefix>_<pid>_<random>` on the server of `adminUrl`. */
export async function createThrowawayDatabase(prefix: string, adminUrl = pgAdminUrl()): Promise<ThrowawayDatabase> {
  const name = `${prefix}_${process.pid}_${crypto.randomBytes(5).toString("hex")}`.toLowerCase();
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
  let dropped: Promise<void> | null = null;
  return {
    name,
    url: withDatabaseName(adminUrl, name),
    drop() {
      dropped ??= admin(adminUrl, async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      });
      return dropped;
    },
  };
}

/** Whether a PostgreSQL server answers at `adminUrl` (within a few seconds). */
export async function canConnect(adminUrl = pgAdminUrl()): Promise<boolean> {
  try {
    await admin(adminUrl, (c) => c.query("SELECT 1"));
    return true;
  } catch {
    return false;
  }
}
