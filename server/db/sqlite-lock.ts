import { StartupError } from "../errors.ts";
import { acquirePidLock, LockHeldError, type PidLock } from "../../common/pid-lock.ts";

/**
 * One server per SQLite database. SQLite is the embedded single-server mode
 * (replicas share PostgreSQL); a second server on the same file would race
 * the first for its write lock and fail deep inside a migration with an error
 * that names neither the cause nor the fix. So a server claims the database
 * with a lock file beside it, holding its pid, and a second one is refused
 * with a sentence that says what to do.
 */
export type SqliteLock = PidLock;

export function lockFileFor(dbFile: string): string {
  return `${dbFile}.server.lock`;
}

export function acquireSqliteLock(dbFile: string): SqliteLock {
  const lockFile = lockFileFor(dbFile);
  try {
    return acquirePidLock(lockFile);
  } catch (err) {
    if (!(err instanceof LockHeldError)) throw new StartupError(`could not claim ${dbFile}: ${(err as Error).message}`);
    const { pid, url } = err.holder;
    throw new StartupError(
      `another Drover server (pid ${pid}${url ? `, ${url}` : ""}) is using ${dbFile}: ` +
        `an SQLite database serves one server. Stop that one, give this one its own --data-dir, or share PostgreSQL between replicas. ` +
        `(If no such server is running, delete ${lockFile}.)`,
    );
  }
}
