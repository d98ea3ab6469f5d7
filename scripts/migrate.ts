// npm run db:migrate
//
// Applies the checked-in migrations to DATABASE_URL, or to the default SQLite
// database .drover/drover.db in the working directory (created if missing).
// The server does the same at start; this is for doing it ahead of time.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { applyMigrations } from "../server/db/migrate.ts";
import { defaultDatabaseUrl, redactUrl } from "../server/db/url.ts";

export async function migrate(databaseUrl = process.env.DATABASE_URL || defaultDatabaseUrl(process.cwd())): Promise<string[]> {
  console.log(`migrating ${redactUrl(databaseUrl)}`);
  const applied = await applyMigrations(databaseUrl, (line) => {
    if (!line.startsWith("{")) console.log(line); // the engine's own JSON log lines stay quiet
  });
  return applied;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Exit explicitly: on PostgreSQL the WASM engine leaves a 10 s timer behind
  // after applying migrations, which would hold the process open.
  migrate().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(`db:migrate: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
