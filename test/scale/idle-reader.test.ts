// A reader left open on the SQLite file (an idle sqlite3 shell, a process in a
// read transaction) does not keep `drover server` from starting.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startServer } from "../../server/app.ts";
import { createLogger } from "../../common/logger.ts";

const readers: ChildProcess[] = [];
afterEach(() => {
  for (const r of readers.splice(0)) r.kill();
});

/** Another process with the database open in WAL mode; with `transaction`, inside a read transaction. */
async function openReader(file: string, transaction: boolean): Promise<void> {
  const script = `const D = require("better-sqlite3"); const d = new D(${JSON.stringify(file)}); d.pragma("journal_mode = WAL");
    ${transaction ? `d.prepare("BEGIN").run(); d.prepare('SELECT count(*) FROM "Job"').get();` : `d.prepare('SELECT count(*) FROM "Job"').get();`}
    process.stdout.write("open\\n"); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"], cwd: process.cwd() });
  readers.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`reader exited with ${code}`)));
  });
}

describe("starting beside an open SQLite reader", () => {
  for (const transaction of [false, true]) {
    it(`starts in seconds while another process holds the file open${transaction ? " in a read transaction" : ""}`, async () => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), "drover-reader-"));
      const config = { port: 0, host: "127.0.0.1", dataDir: dir, databaseUrl: `file:${path.join(dir, "drover.db")}`, controlLoops: false };
      const log = createLogger("silent");
      try {
        await (await startServer({ config, log })).stop();
        await openReader(path.join(dir, "drover.db"), transaction);
        const started = Date.now();
        const server = await startServer({ config, log });
        try {
          expect(Date.now() - started).toBeLessThan(5_000);
          expect((await fetch(server.url.replace(/\/graphql$/, "/health"))).ok).toBe(true);
        } finally {
          await server.stop();
        }
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    }, 60_000);
  }
});
