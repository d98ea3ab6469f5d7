// Applies the checked-in migrations (prisma/<provider>/migrations) to a database
// through the WASM schema engine, recording them in _prisma_migrations exactly
// as `prisma migrate deploy` would. Idempotent. The server calls this at start;
// it never diffs at run time.
import fs from "node:fs";
import path from "node:path";
import { INSTALL_DIR } from "../../common/install-dir.ts";
import { StartupError } from "../errors.ts";
import type { SchemaFile } from "./schema-engine.ts";
import { readMigrationsList } from "./migration-files.ts";
import { providerFromUrl, redactUrl, type DatabaseProvider } from "./url.ts";
import { allMigrationsApplied } from "./applied-migrations.ts";

export { providerFromUrl, type DatabaseProvider };

/** The repository's prisma/ folder. */
export const PRISMA_DIR = path.join(INSTALL_DIR, "prisma");

/** prisma/<provider>/migrations */
export function migrationsDir(provider: DatabaseProvider, prismaDir = PRISMA_DIR): string {
  return path.join(prismaDir, provider, "migrations");
}

/** The derived schema of a provider, as the engine wants it. */
export function readDerivedSchema(provider: DatabaseProvider, prismaDir = PRISMA_DIR): SchemaFile {
  const file = path.join(prismaDir, provider, "schema.prisma");
  return { path: file, content: fs.readFileSync(file, "utf8") };
}

export interface ApplyMigrationsOptions {
  /** Defaults to the repository's prisma/ folder. */
  prismaDir?: string;
}

/**
 * Applies every migration of prisma/<provider>/migrations that the database has
 * not recorded yet. Returns the names applied now (empty when up to date).
 */
export async function applyMigrations(
  databaseUrl: string,
  log: (line: string) => void = () => {},
  opts: ApplyMigrationsOptions = {},
): Promise<string[]> {
  const provider = providerFromUrl(databaseUrl);
  const dir = migrationsDir(provider, opts.prismaDir);
  const migrationsList = readMigrationsList(dir);
  if (migrationsList.migrationDirectories.length === 0) {
    throw new Error(`no migrations in ${dir}: run \`npm run db:migration:create -- init\``);
  }
  if (await allMigrationsApplied(databaseUrl, migrationsList)) {
    log("database schema is up to date");
    return [];
  }
  // Loaded only now: a start with nothing to migrate never loads the engine, pg's adapter or the engine's glue.
  const { withSchemaEngine, migrationAdapterFactory, NO_FILTERS } = await import("./schema-engine.ts");
  let applied: string[];
  try {
    applied = await withSchemaEngine(
      { schema: readDerivedSchema(provider, opts.prismaDir), adapterFactory: migrationAdapterFactory(databaseUrl), log },
      async (engine) => (await engine.applyMigrations({ migrationsList, filters: NO_FILTERS })).appliedMigrationNames,
    );
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // The schema engine reports SQLite's "database is locked" as an unknown error variant.
    if (message.includes("SocketTimeout")) {
      throw new StartupError(`${redactUrl(databaseUrl)} is locked by another process: stop whatever holds it and start again`);
    }
    throw new Error(`applying migrations to ${redactUrl(databaseUrl)} failed: ${message}`, { cause: e });
  }
  for (const name of applied) log(`applied migration ${name}`);
  if (applied.length === 0) log("database schema is up to date");
  return applied;
}
