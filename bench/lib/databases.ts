// A fresh database per benchmark: an SQLite file in a temporary directory, or
// a PostgreSQL database drover_bench_<name>_<pid> dropped afterwards.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { database } from "./env.ts";

const PG_ADMIN_URL = process.env.PG_ADMIN_URL ?? "postgresql://root@127.0.0.1:5432/postgres";

export interface BenchStore {
  /** DATABASE_URL for a Drover server. */
  url: string;
  /** Holds the SQLite file, admin.token, profiles. */
  dir: string;
  drop(): Promise<void>;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createStore(label: string): Promise<BenchStore> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `drover-bench-${label}-`));
  if (database === "sqlite") {
    return { url: `file:${path.join(dir, "drover.db")}`, dir, drop: () => fs.rm(dir, { recursive: true, force: true }) };
  }
  const name = `drover_bench_${label.replace(/[^a-z0-9]/gi, "_").toLowerCase()}_${process.pid}`;
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dir,
    async drop() {
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
