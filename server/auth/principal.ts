import { workspaceOf } from "../../common/namespaces.ts";
import { DroverError } from "../errors.ts";
import type { TokenKind } from "./tokens.ts";

export type Role = "viewer" | "operator" | "admin";

/** Who is asking: the token behind a request or a WebSocket connection. */
export interface Principal {
  tokenId: string;
  name: string;
  kind: TokenKind;
  /** Namespace (or "*") to role. */
  roles: Record<string, Role>;
  /** Set for node tokens: the only node they may act for. */
  nodeId: string | null;
}

/**
 * What a resolver wants to do. `read` lists and watches, `write` changes jobs
 * and runs, `admin` manages nodes and tokens, `node` is an agent reporting for
 * its own node.
 */
export type Action = "read" | "write" | "admin" | "node";

const ROLE_ALLOWS: Record<Role, readonly Action[]> = {
  viewer: ["read"],
  operator: ["read", "write"],
  admin: ["read", "write", "admin"],
};

/**
 * Admin over every namespace: the quickstart's ADMIN token, or a token made
 * with role ADMIN in namespace "*". Nodes, join tokens and other
 * cluster-wide tokens are theirs to manage.
 */
export function isClusterAdmin(principal: Pick<Principal, "kind" | "roles">): boolean {
  return principal.kind === "ADMIN" || (principal.kind === "USER" && principal.roles["*"] === "admin");
}

/**
 * The one authorisation check every resolver goes through. Throws FORBIDDEN.
 * A role granted on a workspace holds in each of its projects ("acme" covers
 * "acme/web"); one granted on a project holds there only.
 */
export function authorize(principal: Principal, action: Action, namespace?: string | null, nodeId?: string): void {
  if (principal.kind === "ADMIN") return;
  if (action === "node") {
    if (principal.kind === "NODE" && nodeId !== undefined && principal.nodeId === nodeId) return;
    throw new DroverError("FORBIDDEN", nodeId ? `this token may not act for node ${nodeId}` : "only a node token may do this");
  }
  if (principal.kind === "NODE" || principal.kind === "JOIN") {
    throw new DroverError("FORBIDDEN", `a ${principal.kind.toLowerCase()} token may not ${action}`);
  }
  const role = (namespace ? (principal.roles[namespace] ?? principal.roles[workspaceOf(namespace)]) : undefined) ?? principal.roles["*"];
  if (role && ROLE_ALLOWS[role].includes(action)) return;
  throw new DroverError(
    "FORBIDDEN",
    `token "${principal.name}" may not ${action}${namespace ? ` in namespace ${namespace}` : ""}`,
  );
}
