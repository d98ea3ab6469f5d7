import os from "node:os";
import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { resolveTarget } from "../client/connection.ts";
import { tryParseDuration } from "../common/duration.ts";
import { parseLabels } from "./labels.ts";
import { parseCpu, parseMemory } from "../common/quantity.ts";
import { exitCodeOf, formatError } from "./errors.ts";

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
}

/** A duration flag in the spec's grammar ("500ms", "2s", "1m"); a bare number is milliseconds, as it always was here. */
function duration(value: string): number {
  const d = tryParseDuration(/^\s*\d+\s*$/.test(value) ? `${value.trim()}ms` : value);
  if (!d.ok) throw new InvalidArgumentError(d.message);
  return d.ms;
}

function cpuQuantity(value: string): number {
  const q = parseCpu(value);
  if (!q.ok) throw new InvalidArgumentError(q.message);
  return q.value;
}

function memoryQuantity(value: string): number {
  const q = parseMemory(value);
  if (!q.ok) throw new InvalidArgumentError(q.message);
  return q.value;
}

/** A quantity from the environment; a bad one stops the agent with the variable's name rather than being ignored. */
function envQuantity(name: string, parse: (v: string) => number): number | undefined {
  const v = process.env[name];
  if (v === undefined || v === "") return undefined;
  try {
    return parse(v);
  } catch (err) {
    process.stderr.write(`drover agent: ${name}: ${(err as Error).message}\n`);
    process.exit(2);
  }
}

export function agentCommand(): Command {
  return new Command("agent")
    .description("run executions on this machine for a Drover server")
    .option("--server <url>", "server URL; repeat or comma-separate several to fail over (env DROVER_SERVER; default: ./.drover/server.json)", (v: string, all: string[]) => [...all, ...v.split(",").filter(Boolean)], [] as string[])
    .option("--token <token>", "join or admin token to register with (env DROVER_TOKEN; default: ./.drover/admin.token)")
    .option("--token-file <path>", "read the token from this file instead, so it does not show in ps")
    .option("--node-id <id>", "node id, must start with node- (default: node-<hostname>)")
    .option("--labels <k=v,...>", "node labels", parseLabels, {})
    .option("--capacity <n>", "maximum concurrent executions", positiveInt, 4)
    .option("--cpu <cores>", "cores this node offers to jobs' requests (env DROVER_AGENT_CPU; default: the machine's cpu count)", cpuQuantity)
    .option("--memory <bytes>", 'memory this node offers to jobs\' requests, bytes or "16Gi" (env DROVER_AGENT_MEMORY; default: the machine\'s total)', memoryQuantity)
    .option("--state-dir <dir>", "where the node token is kept across restarts (default: ./.drover/agent-<node id>)")
    .option("--heartbeat <interval>", "heartbeat interval", duration, 2000)
    .option("--sample-interval <interval>", "cpu and memory sampling interval", duration, 2000)
    .action(async (opts) => {
      // Loaded here, not at the top: the other drover commands start without the agent's code.
      const [{ Agent }, { createLogger }] = await Promise.all([import("../agent/daemon.ts"), import("../common/logger.ts")]);
      const { agentTarget } = await import("../agent/target.ts");
      let found: ReturnType<typeof agentTarget>;
      try {
        found = agentTarget({ servers: opts.server, token: opts.token, tokenFile: opts.tokenFile });
      } catch (err) {
        // A broken config file, an unknown context or an unreadable token file: one line, like every other command.
        process.stderr.write(`drover agent: ${(err as Error).message}\n`);
        process.exit(2);
      }
      const { target, serverUrls } = found;
      if (!target.token) {
        process.stderr.write("drover agent: no token: pass --token, set DROVER_TOKEN, or run next to a quickstart server\n");
        process.exit(2);
      }
      const hostname = os.hostname();
      const nodeId: string = opts.nodeId ?? `node-${hostname.toLowerCase().replace(/[^a-z0-9.-]/g, "-")}`;
      const log = createLogger(process.env.DROVER_LOG_LEVEL ?? "info", { service: "drover-agent", nodeId });
      const agent = new Agent({
        serverUrl: target.url,
        serverUrls,
        token: target.token,
        nodeId,
        hostname,
        labels: opts.labels,
        capacity: opts.capacity,
        cpuCores: opts.cpu ?? envQuantity("DROVER_AGENT_CPU", cpuQuantity),
        memoryBytes: opts.memory ?? envQuantity("DROVER_AGENT_MEMORY", memoryQuantity),
        stateDir: opts.stateDir ?? path.resolve(".drover", `agent-${nodeId}`),
        heartbeatMs: opts.heartbeat,
        sampleMs: opts.sampleInterval,
        log,
      });
      try {
        await agent.start();
      } catch (err) {
        // A refused registration (bad node id, refused token) is the operator's to fix: say it plainly.
        process.stderr.write(`drover agent: ${formatError(err).replace(/^error: /, "")}\n`);
        await agent.stop().catch(() => {});
        process.exit(exitCodeOf(err));
      }
      log.info({ servers: serverUrls, labels: opts.labels, capacity: opts.capacity }, "agent running");
      let stopping = false;
      const shutdown = async () => {
        if (stopping) return;
        stopping = true;
        await agent.stop();
        process.exit(0);
      };
      process.on("SIGINT", () => void shutdown());
      process.on("SIGTERM", () => void shutdown());
    });
}
