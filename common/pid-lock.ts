import fs from "node:fs";
import path from "node:path";

/**
 * A lock file holding the pid of the process that owns something (a SQLite
 * database, an agent's state dir), so a second process is refused with a
 * sentence instead of racing the first. A lock left by a process that is gone
 * (killed, crashed) is taken over.
 */
export interface PidLock {
  release(): void;
  /** Adds facts about the holder (its URL, say) for the next one's refusal. */
  describe(extra: Record<string, string>): void;
}

export interface LockHolder {
  pid: number;
  startedAt: string;
  [fact: string]: string | number;
}

/** Thrown when a live process holds the lock. */
export class LockHeldError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: LockHolder,
  ) {
    super(`${lockFile} is held by pid ${holder.pid}`);
  }
}

export function acquirePidLock(lockFile: string): PidLock {
  const content: LockHolder = { pid: process.pid, startedAt: new Date().toISOString() };
  fs.mkdirSync(path.dirname(lockFile), { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockFile, JSON.stringify(content), { flag: "wx", mode: 0o600 });
      return {
        release: () => {
          if (readLock(lockFile)?.pid === process.pid) fs.rmSync(lockFile, { force: true });
        },
        describe: (extra) => {
          const holder = readLock(lockFile);
          if (holder?.pid === process.pid) fs.writeFileSync(lockFile, JSON.stringify({ ...holder, ...extra }));
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const holder = readLock(lockFile);
    if (holder && processIsAlive(holder.pid)) throw new LockHeldError(lockFile, holder);
    // Stale: its process is gone. Remove it and claim again.
    fs.rmSync(lockFile, { force: true });
  }
  throw new Error(`could not claim ${lockFile}: it keeps reappearing`);
}

function readLock(lockFile: string): LockHolder | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(lockFile, "utf8")) as Partial<LockHolder>;
    return typeof parsed.pid === "number" ? (parsed as LockHolder) : null;
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
