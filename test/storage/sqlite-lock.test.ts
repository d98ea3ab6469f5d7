import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { acquireSqliteLock, lockFileFor } from "../../server/db/sqlite-lock.ts";
import { StartupError } from "../../server/errors.ts";
import { freePort } from "../support/agents.ts";
import { spawnServer } from "../support/server-process.ts";

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "bin", "drover.js");
const dirs: string[] = [];
const tempDir = async () => {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), "drover-lock-"));
  dirs.push(d);
  return d;
};
afterEach(async () => {
  for (const d of dirs.splice(0)) await fs.rm(d, { recursive: true, force: true });
});

describe("one server per SQLite database", () => {
  it("refuses a second claim while the first holds it, and allows one after release", async () => {
    const file = path.join(await tempDir(), "drover.db");
    const first = acquireSqliteLock(file);
    let refused: unknown;
    try {
      acquireSqliteLock(file);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(StartupError);
    expect((refused as Error).message).toContain(`pid ${process.pid}`);
    expect((refused as Error).message).toContain(file);
    first.release();
    await expect(fs.stat(lockFileFor(file))).rejects.toThrow();
    acquireSqliteLock(file).release();
  });

  it("takes over a lock whose process is gone", async () => {
    const file = path.join(await tempDir(), "drover.db");
    const gone = spawnSync(process.execPath, ["-e", "0"]).pid!;
    await fs.writeFile(lockFileFor(file), JSON.stringify({ pid: gone, startedAt: new Date().toISOString() }));
    const lock = acquireSqliteLock(file);
    expect(JSON.parse(await fs.readFile(lockFileFor(file), "utf8")).pid).toBe(process.pid);
    lock.release();
  });

  it("drover server says in one line that the database is taken, and starts once its holder was killed", async () => {
    const dataDir = await tempDir();
    const port = await freePort();
    const first = await spawnServer(port, dataDir);
    try {
      const second = spawnSync(process.execPath, [BIN, "server", "--no-local-agent", "--port", String(await freePort()), "--data-dir", dataDir], {
        encoding: "utf8",
        env: { ...process.env, DROVER_LOG_LEVEL: "warn" },
        timeout: 30_000,
      });
      expect(second.status).toBe(1);
      const lines = second.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^drover server: another Drover server \\(pid ${first.pid}, http://127\\.0\\.0\\.1:${port}/graphql\\) is using `));

      const taken = spawnSync(process.execPath, [BIN, "server", "--no-local-agent", "--port", String(port), "--data-dir", await tempDir()], {
        encoding: "utf8",
        env: { ...process.env, DROVER_LOG_LEVEL: "warn" },
        timeout: 30_000,
      });
      expect(taken.status).toBe(1);
      expect(taken.stderr.trim()).toBe(`drover server: 127.0.0.1:${port} is already in use (another Drover server?): choose another port with --port or DROVER_PORT`);
    } finally {
      first.kill("SIGKILL");
      await new Promise((r) => first.once("exit", r));
    }
    // The killed server left its lock behind; the next one takes over.
    const next = await spawnServer(port, dataDir);
    next.kill("SIGTERM");
    await new Promise((r) => next.once("exit", r));
    await expect(fs.stat(lockFileFor(path.join(dataDir, "drover.db")))).rejects.toThrow();
  });

  it("a server told to stop while it is still starting (it answers /health before the local agent is up) stops cleanly and frees the database", async () => {
    const dataDir = await tempDir();
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, "server", "--port", String(port), "--data-dir", dataDir], {
      env: { ...process.env, DROVER_LOG_LEVEL: "warn" },
      stdio: "ignore",
    });
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once("exit", (code, signal) => resolve([code, signal])));
    // SIGTERM at the first answer of /health: the local agent is still registering then.
    for (;;) {
      const up = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
      if (up) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill("SIGTERM");
    expect(await exited).toEqual([0, null]);
    await expect(fs.stat(lockFileFor(path.join(dataDir, "drover.db")))).rejects.toThrow();
  }, 60_000);
});
