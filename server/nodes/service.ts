import type { Node, Prisma } from "../db/client.ts";
import type { Services } from "../services.ts";
import { DroverError } from "../errors.ts";
import { writeWithEvents } from "../events/write.ts";
import { writeStatementsWithEvents } from "../events/write.ts";
import type { Statement } from "../db/direct-sql.ts";
import { insertNode, nodeChangeStatement, nodeTokenStatement, replaceNodeLabelRows, updateNodeAtRevision } from "./node-statements.ts";
import { labelKeyProblem, labelValueProblem } from "../spec/syntax.ts";
import { recordNodeChange } from "../control/node-events.ts";
import { checkNodeResources } from "../agents/node-resources.ts";

/** Node ids are what the agent registers and must start with `node-`. */
export const NODE_ID = /^node-[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$/;

export interface RegisterNodeInput {
  nodeId: string;
  hostname: string;
  labels: Record<string, string>;
  capacity: number;
  /** What the agent reports the node has; absent from an older agent (unknown room). */
  cpuCores?: number | null;
  memoryBytes?: number | null;
  runtimes?: Record<string, unknown>;
  agentVersion?: string | null;
}

export function validateLabels(labels: Record<string, string>, field: string): void {
  for (const [k, v] of Object.entries(labels)) {
    const problem = labelKeyProblem(k) ?? labelValueProblem(v);
    if (problem) throw new DroverError("VALIDATION_FAILED", `label "${k}": ${problem}`, { field: `${field}.${k}` });
  }
}

function validateRegistration(input: RegisterNodeInput): void {
  if (!NODE_ID.test(input.nodeId)) {
    throw new DroverError("VALIDATION_FAILED", `node id "${input.nodeId}" must match ${NODE_ID}`, { field: "nodeId" });
  }
  if (!input.hostname.trim()) throw new DroverError("VALIDATION_FAILED", "hostname is required", { field: "hostname" });
  if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > 10_000) {
    throw new DroverError("VALIDATION_FAILED", "capacity must be an integer 1-10000", { field: "capacity" });
  }
  validateLabels(input.labels, "labels");
}

/**
 * Registers (or re-registers) a node and returns a fresh node token bound to
 * it. Re-registration keeps the node's state unless it was DOWN. The node is
 * read once; everything else (the admission's token writes, the node and its
 * label rows, the node change the scheduler expands, the new token and the
 * event) is one transaction of plain statements.
 */
export async function registerNode(
  s: Services,
  input: RegisterNodeInput,
  /** Refuses (throws) or admits the caller, given the node as read: returns statements to run first in the transaction. */
  admit?: (existing: Node | null) => Statement[],
): Promise<{ node: Node; token: string; seq: number }> {
  validateRegistration(input);
  for (let attempt = 1; ; attempt++) {
    // Through the driver, as the token lookup of the same request is (read-driver.ts): no Prisma client on this path.
    const [existing = null] = await s.db.reads.rows<Node>("Node", `SELECT * FROM "Node" WHERE "id" = ?`, [input.nodeId]);
    try {
      return await writeRegistration(s, input, existing, admit);
    } catch (err) {
      // Another registration of the same id got in between the read and the write: read again and decide again.
      const raced = s.db.sql.isUniqueViolation(err, "Node") || (err instanceof DroverError && err.code === "CONFLICT" && err.extensions.field === "nodeId");
      if (!raced || attempt >= 3) throw err;
    }
  }
}

async function writeRegistration(
  s: Services,
  input: RegisterNodeInput,
  existing: Node | null,
  admit?: (existing: Node | null) => Statement[],
): Promise<{ node: Node; token: string; seq: number }> {
  const resources = checkNodeResources(input);
  const admission = admit?.(existing) ?? [];
  const now = s.clock.now();
  const node: Node = {
    id: input.nodeId,
    hostname: input.hostname,
    capacity: input.capacity,
    ...resources,
    state: existing ? (existing.state === "DOWN" ? "READY" : existing.state) : "READY",
    labels: input.labels,
    runtimes: (input.runtimes ?? {}) as Prisma.JsonObject,
    agentVersion: input.agentVersion ?? null,
    lastHeartbeatAt: now,
    registeredAt: existing ? existing.registeredAt : now,
    updatedAt: now,
    revision: existing ? existing.revision + 1 : 1,
  };
  const token = nodeTokenStatement(node.id, now);
  const { seq } = await writeStatementsWithEvents(
    s,
    [
      ...admission,
      existing ? updateNodeAtRevision(node, existing.revision) : insertNode(node),
      ...replaceNodeLabelRows(node.id, input.labels, !existing),
      nodeChangeStatement(node.id, existing ? "registered again" : "joined", now),
      token.statement,
    ],
    [{ type: existing ? "NODE_UPDATED" : "NODE_REGISTERED", nodeId: node.id, snapshot: node }],
  );
  s.log.info({ nodeId: node.id, hostname: node.hostname, labels: node.labels, capacity: node.capacity }, existing ? "node registered again" : "node joined");
  return { node, seq: seq!, token: token.secret };
}

export async function replaceNodeLabels(tx: Prisma.TransactionClient, nodeId: string, labels: Record<string, string>) {
  await tx.nodeLabel.deleteMany({ where: { nodeId } });
  const rows = Object.entries(labels).map(([key, value]) => ({ nodeId, key, value }));
  if (rows.length) await tx.nodeLabel.createMany({ data: rows });
}

export async function getNode(s: Services, nodeId: string): Promise<Node> {
  const node = await s.db.prisma.node.findUnique({ where: { id: nodeId } });
  if (!node) throw new DroverError("NOT_FOUND", `node ${nodeId} not found`, { field: "nodeId" });
  return node;
}

/**
 * Replaces a node's labels (an operator's view of the node, not the agent's).
 * With expectedRevision, a node changed since it was read is a CONFLICT, so a
 * read-modify-write (add one label, keep the rest) never loses a concurrent edit.
 */
export async function setNodeLabels(s: Services, nodeId: string, labels: Record<string, string>, expectedRevision?: number | null) {
  validateLabels(labels, "labels");
  const guarded = expectedRevision !== null && expectedRevision !== undefined;
  return retryOnConflict(guarded ? 1 : 3, async () => {
    const existing = await getNode(s, nodeId);
    if (guarded && expectedRevision !== existing.revision) {
      throw new DroverError("CONFLICT", `node ${nodeId} is at revision ${existing.revision}, not ${expectedRevision}: read it again`, {
        field: "expectedRevision",
      });
    }
    return writeNode(s, existing, { labels }, "NODE_UPDATED", async (tx) => replaceNodeLabels(tx, nodeId, labels));
  });
}

/** Runs a read-then-write again when another write got in between (its intent does not depend on what was read). */
async function retryOnConflict<T>(attempts: number, fn: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      const lostRace = err instanceof DroverError && err.code === "CONFLICT" && err.extensions.field === "nodeId";
      if (!lostRace || i >= attempts) throw err;
    }
  }
}

/** DRAINING moves service work away and takes no new placements; drain=false undoes it. */
export async function drainNode(s: Services, nodeId: string, drain: boolean) {
  return retryOnConflict(3, () => setDrain(s, nodeId, drain));
}

async function setDrain(s: Services, nodeId: string, drain: boolean) {
  const existing = await getNode(s, nodeId);
  if (existing.state === "DOWN" && drain) {
    throw new DroverError("INVALID_STATE", `node ${nodeId} is DOWN; it has nothing to drain`, { field: "nodeId" });
  }
  const state = drain ? "DRAINING" : existing.state === "DRAINING" ? "READY" : existing.state;
  if (state === existing.state) return { node: existing, seq: null };
  return writeNode(s, existing, { state }, "NODE_STATE_CHANGED");
}

async function writeNode(
  s: Services,
  existing: Node,
  data: Prisma.NodeUpdateManyMutationInput,
  type: "NODE_UPDATED" | "NODE_STATE_CHANGED",
  extra?: (tx: Prisma.TransactionClient) => Promise<void>,
): Promise<{ node: Node; seq: number | null }> {
  const now = s.clock.now();
  const { result: node, seq } = await writeWithEvents(s, async (tx, events) => {
    // Only the revision that was read: a write in between (a drain, a label edit) makes this a CONFLICT, not a lost update.
    const written = await tx.node.updateMany({
      where: { id: existing.id, revision: existing.revision },
      data: { ...data, revision: existing.revision + 1, updatedAt: now },
    });
    if (written.count === 0) {
      throw new DroverError("CONFLICT", `node ${existing.id} changed while it was being written: read it again`, { field: "nodeId" });
    }
    const node = await tx.node.findUniqueOrThrow({ where: { id: existing.id } });
    await extra?.(tx);
    await recordNodeChange(tx, s.clock, node.id, type === "NODE_STATE_CHANGED" ? `state ${node.state}` : "updated");
    events.emit({ type, nodeId: node.id, snapshot: node });
    return node;
  });
  return { node, seq };
}
