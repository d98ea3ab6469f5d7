// The checked-in migrations as files: what a start reads to decide whether
// any migration is due, without loading the schema engine (which it needs only
// when one is).
import fs from "node:fs";
import path from "node:path";
import type { MigrationList } from "@prisma/schema-engine-wasm/schema_engine_bg";

/**
 * Reads a Prisma migrations folder (`<dir>/migration_lock.toml` and
 * `<dir>/<name>/migration.sql`) into the engine's `MigrationList`, sorted by name.
 */
export function readMigrationsList(dir: string): MigrationList {
  const lockPath = path.join(dir, "migration_lock.toml");
  const entries = fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : [];
  const migrationDirectories = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort((a, b) => a.localeCompare(b))
    .map((name) => {
      const file = path.join(dir, name, "migration.sql");
      let content: MigrationList["migrationDirectories"][number]["migrationFile"]["content"];
      try {
        content = { tag: "ok", value: fs.readFileSync(file, "utf8") };
      } catch (e) {
        content = { tag: "error", value: e instanceof Error ? e.message : String(e) };
      }
      return { path: name, migrationFile: { path: "migration.sql", content } };
    });
  return {
    baseDir: dir,
    lockfile: {
      path: "migration_lock.toml",
      content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}
