import type { Services } from "../services.ts";
import { writeWithEvents } from "../events/write.ts";
import { getNode } from "../nodes/service.ts";
import { recordNodeChange } from "../control/node-events.ts";
import { checkNodeResources, sameResources } from "./node-resources.ts";

/**
 * Records that the node is alive. A node that was DOWN comes back READY (its
 * old executions stay LOST: their work was already replaced). A heartbeat may
 * carry what the node has now (cpu cores, memory bytes); a change is recorded
 * as a node change, so jobs waiting for room look again.
 */
export async function heartbeat(s: Services, nodeId: string, report: { cpuCores?: number | null; memoryBytes?: number | null } = {}) {
  const now = s.clock.now();
  const given = report.cpuCores != null || report.memoryBytes != null;
  const reported = checkNodeResources(report);
  const node = await getNode(s, nodeId);
  // Each number the heartbeat leaves out stays as it was.
  const resources = { cpuCores: reported.cpuCores ?? node.cpuCores, memoryBytes: reported.memoryBytes ?? node.memoryBytes };
  const resized = given && !sameResources(resources, node);
  if (resized && node.state !== "DOWN") {
    const { result: updated } = await writeWithEvents(s, async (tx, events) => {
      const updated = await tx.node.update({
        where: { id: nodeId },
        data: { lastHeartbeatAt: now, ...resources, revision: node.revision + 1, updatedAt: now },
      });
      await recordNodeChange(tx, s.clock, nodeId, "resources changed");
      events.emit({ type: "NODE_UPDATED", nodeId, snapshot: updated });
      return updated;
    });
    s.log.info({ nodeId, ...resources }, "node reports new resources");
    return { node: updated, serverTime: now };
  }
  if (node.state !== "DOWN") {
    const updated = await s.db.prisma.node.update({ where: { id: nodeId }, data: { lastHeartbeatAt: now } });
    return { node: updated, serverTime: now };
  }
  const { result: updated } = await writeWithEvents(s, async (tx, events) => {
    const updated = await tx.node.update({
      where: { id: nodeId },
      data: { lastHeartbeatAt: now, state: "READY", ...resources, revision: node.revision + 1, updatedAt: now },
    });
    await recordNodeChange(tx, s.clock, nodeId, "back from DOWN");
    events.emit({ type: "NODE_STATE_CHANGED", nodeId, snapshot: updated });
    return updated;
  });
  s.log.info({ nodeId, hostname: updated.hostname }, "node is READY again: heartbeats resumed");
  return { node: updated, serverTime: now };
}
