// One database per test file: a temp SQLite file, or a `CREATE DATABASE` on the
// local PostgreSQL (PG_ADMIN_URL, default postgresql://root@127.0.0.1:5432/postgres).
//
// With CI=true a missing PostgreSQL fails the tests that need it, never skips
// them; elsewhere those tests are skipped with a message saying why.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, it } from "vitest";
import { canConnect, createThrowawayDatabase, pgAdminUrl } from "../../server/db/postgres-admin.ts";
import { redactUrl } from "../../server/db/url.ts";

export type TestProvider = "sqlite" | "postgresql";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

const isCI = () => process.env.CI === "true";

function missingMessage(): string {
  return `PostgreSQL is not reachable at ${redactUrl(pgAdminUrl())} (set PG_ADMIN_URL)`;
}

let available: Promise<boolean> | null = null;

/** Whether the PostgreSQL server for tests answers (checked once per process). */
export function postgresAvailable(): Promise<boolean> {
  available ??= canConnect(pgAdminUrl());
  return available;
}

let warned = false;
function warnSkipped(): void {
  if (warned) return;
  warned = true;
  console.warn(`\n[drover tests] ${missingMessage()}: skipping the PostgreSQL tests. With CI=true they fail instead.\n`);
}

/**
 * Call at the top of a PostgreSQL-only test file: `if (await requirePostgres()) defineSuite("postgresql")`.
 * True when PostgreSQL is usable. Without it: throws when CI=true (the file
 * fails); otherwise warns, registers one skipped test naming the reason (so the
 * file is not empty) and returns false.
 */
export async function requirePostgres(): Promise<boolean> {
  if (await postgresAvailable()) return true;
  if (isCI()) throw new Error(`${missingMessage()}, and CI=true: PostgreSQL tests must run, not skip`);
  warnSkipped();
  it.skip(`PostgreSQL tests skipped: ${missingMessage()}`, () => {});
  return false;
}

/**
 * The providers every storage-touching test should run on: both when
 * PostgreSQL is usable (or CI=true, where a missing server must fail the
 * tests), else only SQLite, with a warning and a skipped placeholder test.
 */
export async function databaseProviders(): Promise<TestProvider[]> {
  if (isCI() || (await postgresAvailable())) return ["sqlite", "postgresql"];
  warnSkipped();
  it.skip(`postgresql: skipped, ${missingMessage()}`, () => {});
  return ["sqlite"];
}

/**
 * `describe` for PostgreSQL-only tests: runs them when PostgreSQL is usable,
 * fails them when it is not and CI=true, and skips them with a message otherwise.
 */
export function describeIfPostgres(name: string, fn: () => void): void {
  describe(name, async () => {
    if (await requirePostgres()) fn();
  });
}

/** A fresh, empty database of the given provider; `drop()` removes it. */
export async function createTestDatabase(provider: TestProvider): Promise<TestDatabase> {
  if (provider === "sqlite") {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "drover-db-"));
    return {
      url: `file:${path.join(dir, "drover.db")}`,
      async drop() {
        await fs.rm(dir, { recursive: true, force: true });
      },
    };
  }
  try {
    const db = await createThrowawayDatabase("drover_test", pgAdminUrl());
    return { url: db.url, drop: db.drop };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(`cannot create a PostgreSQL test database: ${why}. ${missingMessage()}`, { cause: e });
  }
}
