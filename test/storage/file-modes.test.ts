// The server's secrets on disk: only its own user may read the data
// directory, the database (which holds token hashes and every job's
// environment) and the admin token, looked at with stat, not asked of Drover.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, type DroverServer } from "../../server/app.ts";
import { createLogger } from "../../common/logger.ts";

const mode = async (p: string) => (await fs.stat(p)).mode & 0o777;

describe("files the server writes", () => {
  let server: DroverServer | null = null;
  let dir = "";
  afterAll(async () => {
    await server?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it("keeps the data directory 0700 and the database, its WAL and the admin token 0600, even in a directory that was open before", async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "drover-modes-"));
    const dataDir = path.join(dir, "data");
    await fs.mkdir(dataDir, { mode: 0o755 });
    await fs.chmod(dataDir, 0o755);
    server = await startServer({
      config: { port: 0, host: "127.0.0.1", dataDir, databaseUrl: `file:${path.join(dataDir, "drover.db")}`, writeStateFiles: true, controlLoops: false },
      log: createLogger("silent"),
    });
    expect(await mode(dataDir)).toBe(0o700);
    expect(await mode(path.join(dataDir, "admin.token"))).toBe(0o600);
    for (const f of ["drover.db", "drover.db-wal", "drover.db-shm"]) expect([f, await mode(path.join(dataDir, f))]).toEqual([f, 0o600]);
  });
});
