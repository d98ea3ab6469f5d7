import type { Services } from "../services.ts";
import { appendEvents } from "../events/log.ts";
import { getNode } from "../nodes/service.ts";
import { evaluateJobsForNodeChange } from "../control/node-events.ts";

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
  const { updated, seq } = await s.db.prisma.$transaction(async (tx) => {
    const updated = await tx.node.update({
      where: { id: nodeId },
      data: { lastHeartbeatAt: now, state: "READY", revision: node.revision + 1, updatedAt: now },
    });
    await evaluateJobsForNodeChange(tx, s.clock);
    const [seq] = await appendEvents(tx, s, [{ type: "NODE_STATE_CHANGED", nodeId, snapshot: updated }]);
    return { updated, seq };
  });
  s.bus.publish(seq);
  return { node: updated, serverTime: now };
}
