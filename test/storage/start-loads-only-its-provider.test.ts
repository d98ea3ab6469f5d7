import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const dir = path.resolve(import.meta.dirname, "../support/module-trace");

// What a server loads at start is memory it holds while idle: a SQLite server
// has no use for the PostgreSQL client, Redis or the terminal log formatter.
describe("a SQLite server's start", () => {
  it("loads neither the PostgreSQL client, nor ioredis, nor pino-pretty", async () => {
    const { stderr } = await run(process.execPath, ["--import", "tsx", "--import", path.join(dir, "register.mjs"), path.join(dir, "start-server.ts")], {
      env: { ...process.env, DROVER_LOG_FORMAT: "json" },
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(stderr).toContain("started and stopped");
    const loaded = stderr.split("\n").filter((l) => l.startsWith("module-trace ")).map((l) => l.slice("module-trace ".length));
    // The trace sees the modules: the SQLite client is among them.
    expect(loaded.some((u) => u.includes("/server/db/generated/sqlite/client.ts"))).toBe(true);
    expect(loaded.filter((u) => u.includes("/server/db/generated/postgresql/"))).toEqual([]);
    expect(loaded.filter((u) => /node_modules\/(ioredis|pino-pretty)\//.test(u))).toEqual([]);
  }, 120_000);
});
