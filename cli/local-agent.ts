import os from "node:os";
import path from "node:path";
import { Agent } from "../agent/daemon.ts";
import type { DroverServer } from "../server/app.ts";
import type { Logger } from "../common/logger.ts";

/**
 * The quickstart's agent: the same agent module, in the server's process,
 * speaking GraphQL over loopback with the admin token, so a new user's first
 * job really runs on this machine.
 */
export async function startLocalAgent(server: DroverServer, log: Logger) {
  const hostname = os.hostname();
  const nodeId = `node-${hostname.toLowerCase().replace(/[^a-z0-9.-]/g, "-")}`;
  const capacity = Math.max(2, os.availableParallelism());
  const agent = new Agent({
    serverUrl: server.url,
    token: server.adminToken,
    nodeId,
    hostname,
    labels: { "drover.io/local": "true" },
    capacity,
    stateDir: path.join(server.services.config.dataDir, `agent-${nodeId}`),
    log: log.child({ component: "agent" }),
  });
  await agent.start();
  return {
    nodeId,
    capacity,
    stop: () => agent.stop(),
  };
}
