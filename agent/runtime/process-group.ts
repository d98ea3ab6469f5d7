/**
 * Signals to a whole process group. Executions are spawned detached (their own
 * session and group, pgid = pid), so `kill(-pgid)` reaches the shell, what it
 * started, and what those started, unless one of them left the group on purpose.
 */

/** Sends `signal` to every process in the group. Returns false when the group is already gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  if (!Number.isInteger(pgid) || pgid <= 1) return false; // never kill(-1) or kill(0): that is everything we own
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw err;
  }
}
