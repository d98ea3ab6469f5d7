import path from "node:path";
import { acquirePidLock, LockHeldError, type PidLock } from "../common/pid-lock.ts";

/** Refused start: another agent is alive on this state dir. */
export class StateDirTakenError extends Error {}

/**
 * Claims the agent's state dir for this process. Its node token and the
 * records of the processes it started live there, so a second agent on the
 * same dir (a second `drover agent` in the quickstart's directory without a
 * --node-id, say) would act as the same node and end the first one's
 * processes as if a previous life had left them.
 */
export function claimStateDir(stateDir: string, nodeId: string): PidLock {
  const lockFile = path.join(stateDir, "agent.lock");
  try {
    const lock = acquirePidLock(lockFile);
    lock.describe({ nodeId });
    return lock;
  } catch (err) {
    if (!(err instanceof LockHeldError)) throw err;
    const other = err.holder.nodeId ? ` as ${err.holder.nodeId}` : "";
    throw new StateDirTakenError(
      `another drover agent (pid ${err.holder.pid}) is running${other} with the state dir ${stateDir}: ` +
        `start this one with its own --node-id (or --state-dir). (If no such agent is running, delete ${lockFile}.)`,
    );
  }
}
