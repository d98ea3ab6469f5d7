import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "../../server/db/migrate.ts";

const run = promisify(execFile);
const dir = path.resolve(import.meta.dirname, "../support/module-trace");

/** The modules a traced server start loaded (`env` reaches start-server.ts). */
async function tracedStart(env: Record<string, string> = {}): Promise<string[]> {
  const { stderr } = await run(process.execPath, ["--import", "tsx", "--import", path.join(dir, "register.mjs"), path.join(dir, "start-server.ts")], {
    env: { ...process.env, DROVER_LOG_FORMAT: "json", ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(stderr).toContain("started and stopped");
  return stderr.split("\n").filter((l) => l.startsWith("module-trace ")).map((l) => l.slice("module-trace ".length));
}

// What a server loads at start is memory it holds while idle: a SQLite server
// has no use for the PostgreSQL client, Redis or the terminal log formatter.
describe("a SQLite server's start", () => {
  it("loads neither the PostgreSQL client, nor ioredis, nor pino-pretty", async () => {
    const loaded = await tracedStart();
    // The trace sees the modules: the SQLite client is among them.
    expect(loaded.some((u) => u.includes("/server/db/generated/sqlite/client.ts"))).toBe(true);
    expect(loaded.filter((u) => u.includes("/server/db/generated/postgresql/"))).toEqual([]);
    expect(loaded.filter((u) => /node_modules\/(ioredis|pino-pretty)\//.test(u))).toEqual([]);
    // A fresh database has migrations due: the engine is loaded to apply them.
    expect(loaded.some((u) => u.includes("schema-engine-wasm"))).toBe(true);
  }, 120_000);

  it("on a database with every migration applied, loads no schema engine", async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "drover-migrated-"));
    try {
      await applyMigrations(`file:${path.join(dataDir, "d.db")}`);
      const loaded = await tracedStart({ TRACE_DATA_DIR: dataDir });
      expect(loaded.some((u) => u.includes("/server/db/generated/sqlite/client.ts"))).toBe(true);
      expect(loaded.filter((u) => u.includes("schema-engine"))).toEqual([]);
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
