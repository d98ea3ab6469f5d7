import type { Principal } from "../auth/principal.ts";
import { isClusterAdmin } from "../auth/principal.ts";
import type { Statement } from "../db/direct-sql.ts";
import type { Services } from "../services.ts";
import { DroverError } from "../errors.ts";
import { Problems, readJson } from "../spec/read.ts";
import { textProblem } from "../spec/text.ts";

/** What registration needs to know of a node that already has the id. */
export interface ExistingNode {
  state: string;
  lastHeartbeatAt: Date | null;
}

export type RegistrationVerdict = { ok: true; consumesJoinUse: boolean } | { ok: false; error: DroverError };

/**
 * Who may register node `nodeId` (pure):
 * - a new id: a join token (one use) or a cluster admin;
 * - an existing id: that node's own token (the same agent restarting), or a
 *   cluster admin while the node is not live. A join token never takes over an
 *   existing node: it would hand out a token that reads the node's assignments.
 * - a live node (not DOWN, heartbeat within the TTL) only to its own token: a
 *   second agent started with the same id is refused rather than silently
 *   sharing (or stealing) the node.
 */
export function registrationVerdict(
  principal: Pick<Principal, "kind" | "roles" | "nodeId" | "name">,
  nodeId: string,
  existing: ExistingNode | null,
  now: Date,
  heartbeatTtlMs: number,
): RegistrationVerdict {
  const own = principal.kind === "NODE" && principal.nodeId === nodeId;
  const admin = isClusterAdmin(principal);
  if (principal.kind === "NODE" && !own) {
    return refuse("FORBIDDEN", `a node token may re-register only its own node, not ${nodeId}`);
  }
  if (!own && !admin && principal.kind !== "JOIN") {
    return refuse("FORBIDDEN", "registering a node needs a join token, an admin token or the node's own token");
  }
  if (!existing) {
    if (own) return refuse("FORBIDDEN", `node ${nodeId} no longer exists: register it with a join or admin token`);
    return { ok: true, consumesJoinUse: principal.kind === "JOIN" };
  }
  if (own) return { ok: true, consumesJoinUse: false };
  if (isLive(existing, now, heartbeatTtlMs)) {
    const ago = Math.max(0, Math.round((now.getTime() - existing.lastHeartbeatAt!.getTime()) / 1000));
    return refuse(
      "INVALID_STATE",
      `node ${nodeId} is live (${existing.state}, last heartbeat ${ago}s ago): another agent runs as it. ` +
        `Give this agent its own --node-id, or stop the other agent and wait for the node to go DOWN`,
    );
  }
  if (admin) return { ok: true, consumesJoinUse: false };
  return refuse(
    "FORBIDDEN",
    `node ${nodeId} is already registered: a join token registers only new nodes; use the node's own token (kept in the agent's state dir) or an admin token`,
  );
}

/** An agent is behind the node: it is not DOWN and heartbeated within the TTL. */
export function isLive(node: ExistingNode, now: Date, heartbeatTtlMs: number): boolean {
  if (node.state === "DOWN" || !node.lastHeartbeatAt) return false;
  return now.getTime() - node.lastHeartbeatAt.getTime() < heartbeatTtlMs;
}

function refuse(code: "FORBIDDEN" | "INVALID_STATE", message: string): RegistrationVerdict {
  return { ok: false, error: new DroverError(code, message, { field: "nodeId" }) };
}

/**
 * What admitting a registration writes, as statements of the registration's
 * transaction, computed after the node row was read: refuses (throws) per
 * `registrationVerdict`; takes one use of a join token (guarded in the
 * statement itself, so concurrent registrations cannot exceed maxUses, and
 * rolled back with the rest if registration fails); and revokes (deletes) the
 * node's earlier tokens, whose ids land in `revoked` once the statements ran,
 * for the caller to close their live connections after commit.
 */
export function admissionStatements(
  s: Services,
  principal: Principal,
  nodeId: string,
  existing: ExistingNode | null,
  revoked: string[],
): Statement[] {
  const now = s.clock.now();
  const verdict = registrationVerdict(principal, nodeId, existing, now, s.config.heartbeatTtlMs);
  if (!verdict.ok) throw verdict.error;
  const out: Statement[] = [];
  if (verdict.consumesJoinUse) {
    out.push({
      sql: `UPDATE "ApiToken" SET "uses" = "uses" + 1, "lastUsedAt" = ? WHERE "id" = ? AND "revokedAt" IS NULL AND ("maxUses" IS NULL OR "uses" < "maxUses")`,
      params: [now, principal.tokenId],
      check: ({ changes }) => {
        if (changes === 0) throw new DroverError("FORBIDDEN", `join token "${principal.name}" has no uses left`);
      },
    });
  }
  // Deleted rather than marked revoked: node tokens are never listed, and an agent restarting daily would
  // otherwise leave a row a day behind.
  if (existing) {
    out.push({
      sql: `DELETE FROM "ApiToken" WHERE "nodeId" = ? AND "kind" = 'NODE' RETURNING "id"`,
      params: [nodeId],
      check: ({ rows }) => void revoked.push(...rows.map((r) => String(r.id))),
    });
  }
  return out;
}

/**
 * The agent's free-form registration text (hostname, version, what runtimes
 * it found) stored as given: refused when a database cannot store it (a NUL
 * or a lone surrogate failed on PostgreSQL as an internal error). Throws
 * VALIDATION_FAILED naming each field.
 */
export function checkRegistrationText(input: { hostname: string; agentVersion?: string | null; runtimes?: unknown }): void {
  const p = new Problems();
  for (const [field, text] of [["hostname", input.hostname], ["agentVersion", input.agentVersion]] as const) {
    const problem = text ? textProblem(text) : null;
    if (problem) p.add(field, problem);
  }
  if (input.runtimes != null) readJson(input.runtimes, "runtimes", p, 8);
  p.throwIfAny();
}
