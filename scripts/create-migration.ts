// npm run db:migration:create -- <name>
//
// Derives the per-provider schemas from prisma/models.prisma, then, for SQLite
// and PostgreSQL alike, diffs what the checked-in migrations build to the
// derived schema and writes the difference as the next migration
// (prisma/<provider>/migrations/<timestamp>_<name>/migration.sql, Prisma's own
// folder format, plus migration_lock.toml). Prints "no changes" when there is
// nothing to migrate. Needs PostgreSQL (PG_ADMIN_URL, default
// postgresql://root@127.0.0.1:5432/postgres) for the PostgreSQL side.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { diffMigrationsToSchema, migrationLockToml } from "../server/db/diff.ts";
import { migrationsDir, PRISMA_DIR } from "../server/db/migrate.ts";
import { pgAdminUrl } from "../server/db/postgres-admin.ts";
import { redactUrl } from "../server/db/url.ts";
import { PROVIDERS, writeDerivedSchemas, type Provider } from "./derive-schemas.ts";

/** `20250102030405` (UTC), the prefix Prisma gives a migration folder. */
export function migrationTimestamp(now = new Date()): string {
  return now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/** A migration name made safe for a folder: lowercase letters, digits and underscores. */
export function migrationSlug(name: string): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!slug) throw new Error(`"${name}" is not a usable migration name (use letters, digits, "_" or "-")`);
  return slug.slice(0, 200);
}

export interface CreatedMigration {
  provider: Provider;
  /** The folder written, or null when this provider had no changes. */
  dir: string | null;
}

export interface CreateMigrationOptions {
  prismaDir?: string;
  pgAdminUrl?: string;
  now?: Date;
  log?: (line: string) => void;
}

/** Creates the next migration for every provider whose migrations lag its derived schema. */
export async function createMigration(name: string, opts: CreateMigrationOptions = {}): Promise<CreatedMigration[]> {
  const log = opts.log ?? console.log;
  const prismaDir = opts.prismaDir ?? PRISMA_DIR;
  const folder = `${migrationTimestamp(opts.now)}_${migrationSlug(name)}`;

  // Diff every provider before writing anything, so a failure leaves no half-made migration.
  const diffs = new Map<Provider, string | null>();
  for (const provider of PROVIDERS) {
    try {
      diffs.set(provider, await diffMigrationsToSchema(provider, { prismaDir, pgAdminUrl: opts.pgAdminUrl }));
    } catch (e) {
      const hint =
        provider === "postgresql"
          ? ` (PostgreSQL at ${redactUrl(opts.pgAdminUrl ?? pgAdminUrl())}; set PG_ADMIN_URL to a role that may CREATE DATABASE)`
          : "";
      throw new Error(`diffing ${provider} migrations failed${hint}: ${e instanceof Error ? e.message : String(e)}`, {
        cause: e,
      });
    }
  }

  const created: CreatedMigration[] = [];
  for (const provider of PROVIDERS) {
    const sql = diffs.get(provider) ?? null;
    if (sql === null) {
      log(`${provider}: no changes`);
      created.push({ provider, dir: null });
      continue;
    }
    const base = migrationsDir(provider, prismaDir);
    const existing = fs.existsSync(base)
      ? fs.readdirSync(base, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)
      : [];
    const last = existing.sort((a, b) => a.localeCompare(b)).at(-1);
    if (last !== undefined && last.localeCompare(folder) >= 0) {
      throw new Error(`${provider}: new migration ${folder} would not sort after the existing ${last}`);
    }
    const dir = path.join(base, folder);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), sql);
    const lock = path.join(base, "migration_lock.toml");
    if (!fs.existsSync(lock)) fs.writeFileSync(lock, migrationLockToml(provider));
    log(`${provider}: wrote ${path.relative(process.cwd(), path.join(dir, "migration.sql"))}`);
    created.push({ provider, dir });
  }
  if (created.every((c) => c.dir === null)) log("no changes");
  return created;
}

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => a !== "--");
  if (args.length !== 1 || args[0].startsWith("-")) {
    console.error("usage: npm run db:migration:create -- <name>");
    return 2;
  }
  for (const f of writeDerivedSchemas()) console.log(`wrote ${path.relative(process.cwd(), f)}`);
  const created = await createMigration(args[0]);
  if (created.some((c) => c.dir !== null)) {
    console.log("review the SQL, commit it with the model change, and run `npm run generate` if you have not");
  }
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(`db:migration:create: ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 1;
    },
  );
}
