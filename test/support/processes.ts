// What runs on this machine, read from /proc rather than asked of Drover:
// tests of what runs look at the processes themselves.
import fs from "node:fs";

/** Pids of live processes whose environment names the execution (every Drover child carries DROVER_EXECUTION_ID). */
export function pidsOfExecution(executionId: string): number[] {
  const needle = `DROVER_EXECUTION_ID=${executionId}\0`;
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const env = fs.readFileSync(`/proc/${entry}/environ`, "latin1");
      if (!`${env}\0`.includes(needle)) continue;
      // A zombie has ended; it only waits to be reaped.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "latin1");
      if (stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z") continue;
      pids.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids.sort((a, b) => a - b);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "latin1");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}
