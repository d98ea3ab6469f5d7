import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { eventually } from "./agents.ts";

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "bin", "drover.js");

/** A real `drover server` process (no local agent) on a fixed port and data directory, up when this returns. */
export async function spawnServer(port: number, dataDir: string, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, "server", "--no-local-agent", "--port", String(port), "--data-dir", dataDir], {
    env: { ...process.env, DROVER_LOG_LEVEL: "warn", DROVER_HEARTBEAT_TTL_MS: "10000", ...env },
    stdio: "ignore",
  });
  await eventually(
    async () => {
      try {
        return (await fetch(`http://127.0.0.1:${port}/health`)).ok;
      } catch {
        return false;
      }
    },
    { what: "server health" },
  );
  return child;
}
