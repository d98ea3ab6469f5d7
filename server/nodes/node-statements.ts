import type { Node } from "../db/client.ts";
import type { Statement } from "../db/direct-sql.ts";
import { DroverError } from "../errors.ts";
import { newId } from "../ids.ts";
import { generateSecret, hashSecret } from "../auth/tokens.ts";

/**
 * The rows a node registration stores, as plain statements for DirectSql.
 * The node row is built here in full, so nothing is read back after it was
 * written.
 */

const NODE_COLUMNS = [
  "id", "hostname", "capacity", "cpuCores", "memoryBytes", "state", "labels", "runtimes", "agentVersion", "lastHeartbeatAt", "registeredAt", "updatedAt", "revision",
] as const satisfies readonly (keyof Node)[];

const INSERT_NODE = `INSERT INTO "Node" (${NODE_COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES (${NODE_COLUMNS.map(() => "?").join(", ")})`;
const UPDATABLE = NODE_COLUMNS.filter((c) => c !== "id" && c !== "registeredAt");
const UPDATE_NODE = `UPDATE "Node" SET ${UPDATABLE.map((c) => `"${c}" = ?`).join(", ")} WHERE "id" = ? AND "revision" = ?`;

export function insertNode(node: Node): Statement {
  return { sql: INSERT_NODE, params: NODE_COLUMNS.map((c) => node[c]) };
}

/** Writes `node` over the row read at `readRevision`; a write in between fails the registration as CONFLICT. */
export function updateNodeAtRevision(node: Node, readRevision: number): Statement {
  return {
    sql: UPDATE_NODE,
    params: [...UPDATABLE.map((c) => node[c]), node.id, readRevision],
    check: ({ changes }) => {
      if (changes === 0) throw new DroverError("CONFLICT", `node ${node.id} changed while it was being registered: retry`, { field: "nodeId" });
    },
  };
}

/** The node's label rows (what selectors query), replaced in two statements at most. */
export function replaceNodeLabelRows(nodeId: string, labels: Record<string, string>, isNew: boolean): Statement[] {
  const entries = Object.entries(labels);
  const out: Statement[] = isNew ? [] : [{ sql: `DELETE FROM "NodeLabel" WHERE "nodeId" = ?`, params: [nodeId] }];
  if (entries.length) {
    out.push({
      sql: `INSERT INTO "NodeLabel" ("nodeId", "key", "value") VALUES ${entries.map(() => "(?, ?, ?)").join(", ")}`,
      params: entries.flatMap(([key, value]) => [nodeId, key, value]),
    });
  }
  return out;
}

/** recordNodeChange as a statement: the one row a node event costs, whatever the number of jobs. */
export function nodeChangeStatement(nodeId: string, reason: string, now: Date): Statement {
  return {
    sql: `INSERT INTO "NodeChange" ("id", "nodeId", "reason", "createdAt") VALUES (?, ?, ?, ?)`,
    params: [newId("nodeChange", now), nodeId, reason, now],
  };
}

/** A new node token bound to `nodeId`; only the secret's hash is stored. */
export function nodeTokenStatement(nodeId: string, now: Date): { statement: Statement; id: string; secret: string } {
  const secret = generateSecret();
  const id = newId("token", now);
  return {
    id,
    secret,
    statement: {
      sql: `INSERT INTO "ApiToken" ("id", "name", "kind", "hash", "roles", "nodeId", "maxUses", "uses", "expiresAt", "createdAt") VALUES (?, ?, 'NODE', ?, '{}', ?, NULL, 0, NULL, ?)`,
      params: [id, `node ${nodeId}`, hashSecret(secret), nodeId, now],
    },
  };
}
