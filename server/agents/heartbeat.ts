import type { Services } from "../services.ts";
import { writeWithEvents } from "../events/write.ts";
import { getNode } from "../nodes/service.ts";
import { recordNodeChange } from "../control/node-events.ts";

/**
 * Records that the node is alive. A node that was DOWN comes back READY (its
 * old executions stay LOST: their work was already replaced).
 */
export async function heartbeat(s: Services, nodeId: string) {
  const now = s.clock.now();
  const node = await getNode(s, nodeId);
  if (node.state !== "DOWN") {
    const updated = await s.db.prisma.node.update({ where: { id: nodeId }, data: { lastHeartbeatAt: now } });
    return { node: updated, serverTime: now };
  }
  const { result: updated } = await writeWithEvents(s, async (tx, events) => {
    const updated = await tx.node.update({
      where: { id: nodeId },
      data: { lastHeartbeatAt: now, state: "READY", revision: node.revision + 1, updatedAt: now },
    });
    await recordNodeChange(tx, s.clock, nodeId, "back from DOWN");
    events.emit({ type: "NODE_STATE_CHANGED", nodeId, snapshot: updated });
    return updated;
  });
  s.log.info({ nodeId, hostname: updated.hostname }, "node is READY again: heartbeats resumed");
  return { node: updated, serverTime: now };
}
