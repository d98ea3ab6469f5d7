import fs from "node:fs";
import path from "node:path";
import { StartupError } from "../errors.ts";

/**
 * One server per SQLite database. SQLite is the embedded single-server mode
 * (replicas share PostgreSQL); a second server on the same file would race
 * the first for its write lock and fail deep inside a migration with an error
 * that names neither the cause nor the fix. So a server claims the database
 * with a lock file beside it, holding its pid, and a second one is refused
 * with a sentence that says what to do.
 *
 * A lock left by a process that is gone (killed, crashed) is taken over.
 */
export interface SqliteLock {
  release(): void;
}

interface LockContent {
  pid: number;
  url?: string;
  startedAt: string;
}

export function lockFileFor(dbFile: string): string {
  return `${dbFile}.server.lock`;
}

export function acquireSqliteLock(dbFile: string): SqliteLock {
  const lockFile = lockFileFor(dbFile);
  const content: LockContent = { pid: process.pid, startedAt: new Date().toISOString() };
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockFile, JSON.stringify(content), { flag: "wx" });
      return { release: () => releaseIfOurs(lockFile) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const holder = readLock(lockFile);
    if (holder && processIsAlive(holder.pid)) {
      throw new StartupError(
        `another Drover server (pid ${holder.pid}${holder.url ? `, ${holder.url}` : ""}) is using ${dbFile}: ` +
          `an SQLite database serves one server. Stop that one, give this one its own --data-dir, or share PostgreSQL between replicas. ` +
          `(If no such server is running, delete ${lockFile}.)`,
      );
    }
    // Stale: its process is gone. Remove it and claim the database again.
    fs.rmSync(lockFile, { force: true });
  }
  throw new StartupError(`could not claim ${dbFile}: ${lockFile} keeps reappearing`);
}

/** Writes the server's URL into its lock once it listens, for the next one's error message. */
export function describeLock(dbFile: string, url: string): void {
  const lockFile = lockFileFor(dbFile);
  const holder = readLock(lockFile);
  if (holder?.pid === process.pid) fs.writeFileSync(lockFile, JSON.stringify({ ...holder, url }));
}

function releaseIfOurs(lockFile: string): void {
  const holder = readLock(lockFile);
  if (holder?.pid === process.pid) fs.rmSync(lockFile, { force: true });
}

function readLock(lockFile: string): LockContent | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(lockFile, "utf8")) as Partial<LockContent>;
    return typeof parsed.pid === "number" ? (parsed as LockContent) : null;
  } catch {
    return null;
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
