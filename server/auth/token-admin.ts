import type { ApiToken } from "../db/client.ts";
import type { Services } from "../services.ts";
import { DroverError, notFound, validationError, type FieldProblem } from "../errors.ts";
import { tryParseDuration } from "../../common/duration.ts";
import { namespaceProblem as namespaceSyntaxProblem } from "../spec/syntax.ts";
import { textProblem } from "../spec/text.ts";
import { authorize, isClusterAdmin, type Principal, type Role } from "./principal.ts";
import { createToken } from "./tokens.ts";

/**
 * Managing API tokens and join tokens. The rule: only admins manage tokens.
 * A token for namespace N (listing, creating, revoking) needs the admin role
 * in N; namespace "*" (every namespace) and join tokens need a cluster admin
 * (the quickstart's token, or role ADMIN in "*"). So an admin of one
 * namespace cannot mint a token wider than their own.
 */

export const ROLES = ["viewer", "operator", "admin"] as const;
export const ALL_NAMESPACES = "*";
const NAME_MAX = 100;
/** Ten years: a lifetime beyond this is a typo, not a plan ("no expiry" is leaving it out). */
const MAX_LIFETIME_MS = 10 * 365 * 86_400_000;

/** What listings show of a token: never the secret (it is not stored) nor its hash. */
export interface TokenInfo {
  id: string;
  name: string;
  kind: string;
  namespace: string | null;
  role: Role | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  maxUses: number | null;
  uses: number;
}

export function tokenInfo(row: ApiToken): TokenInfo {
  const roles = (row.roles ?? {}) as Record<string, Role>;
  const [namespace, role] = Object.entries(roles)[0] ?? [null, null];
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    namespace: row.kind === "ADMIN" ? ALL_NAMESPACES : namespace,
    role: row.kind === "ADMIN" ? "admin" : role,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    maxUses: row.maxUses,
    uses: row.uses,
  };
}

function namespaceProblem(ns: string): string | null {
  return ns === ALL_NAMESPACES ? null : namespaceSyntaxProblem(ns);
}

function readName(name: string, problems: FieldProblem[]): void {
  const problem = name.trim() === "" ? "must not be empty" : name.length > NAME_MAX ? `must be at most ${NAME_MAX} characters` : textProblem(name);
  if (problem) problems.push({ field: "name", message: problem });
}

function readLifetime(expiresIn: string | null | undefined, problems: FieldProblem[], now: Date): Date | null {
  if (expiresIn === null || expiresIn === undefined) return null;
  const r = tryParseDuration(expiresIn);
  if (!r.ok) problems.push({ field: "expiresIn", message: r.message });
  else if (r.ms <= 0 || r.ms > MAX_LIFETIME_MS) problems.push({ field: "expiresIn", message: "must be longer than 0s and at most 10 years (leave it out for no expiry)" });
  else return new Date(now.getTime() + r.ms);
  return null;
}

/** Who may manage tokens of `namespace`: an admin there; "*" needs a cluster admin. */
function authorizeNamespace(principal: Principal, namespace: string): void {
  if (namespace === ALL_NAMESPACES && !isClusterAdmin(principal)) {
    throw new DroverError("FORBIDDEN", `only a cluster admin manages tokens for every namespace ("*")`, { field: "namespace" });
  }
  authorize(principal, "admin", namespace);
}

function requireClusterAdmin(principal: Principal, what: string): void {
  if (!isClusterAdmin(principal)) throw new DroverError("FORBIDDEN", `only a cluster admin manages ${what}`);
}

export async function createApiToken(
  s: Services,
  principal: Principal,
  input: { namespace: string; role: Role; name: string; expiresIn?: string | null },
): Promise<{ token: TokenInfo; secret: string }> {
  const problems: FieldProblem[] = [];
  const nsProblem = namespaceProblem(input.namespace);
  if (nsProblem) problems.push({ field: "namespace", message: nsProblem });
  readName(input.name, problems);
  const now = s.clock.now();
  const expiresAt = readLifetime(input.expiresIn, problems, now);
  if (problems.length) throw validationError(problems);
  authorizeNamespace(principal, input.namespace);
  const { id, secret } = await createToken(s.db.prisma, s.clock, {
    name: input.name.trim(),
    kind: "USER",
    roles: { [input.namespace]: input.role },
    expiresAt,
    createdAt: now,
  });
  const row = await s.db.prisma.apiToken.findUniqueOrThrow({ where: { id } });
  return { token: tokenInfo(row), secret };
}

export async function createJoinToken(
  s: Services,
  principal: Principal,
  input: { name: string; maxUses?: number | null; expiresIn?: string | null },
): Promise<{ token: TokenInfo; secret: string }> {
  requireClusterAdmin(principal, "join tokens");
  const problems: FieldProblem[] = [];
  readName(input.name, problems);
  if (input.maxUses != null && input.maxUses < 1) problems.push({ field: "maxUses", message: "must be at least 1 (leave it out for no limit)" });
  const now = s.clock.now();
  const expiresAt = readLifetime(input.expiresIn, problems, now);
  if (problems.length) throw validationError(problems);
  const { id, secret } = await createToken(s.db.prisma, s.clock, {
    name: input.name.trim(),
    kind: "JOIN",
    maxUses: input.maxUses ?? null,
    expiresAt,
    createdAt: now,
  });
  const row = await s.db.prisma.apiToken.findUniqueOrThrow({ where: { id } });
  return { token: tokenInfo(row), secret };
}

/**
 * API tokens (the quickstart's and those made by createToken), oldest first,
 * revoked ones included. With a namespace: the tokens made for it (needs
 * admin there); without: all of them (needs a cluster admin).
 */
export async function listApiTokens(s: Services, principal: Principal, namespace?: string | null): Promise<TokenInfo[]> {
  if (namespace != null) {
    const problem = namespaceProblem(namespace);
    if (problem) throw new DroverError("VALIDATION_FAILED", `namespace: ${problem}`, { field: "namespace" });
    authorizeNamespace(principal, namespace);
  } else requireClusterAdmin(principal, "the tokens of every namespace");
  const rows = await s.db.prisma.apiToken.findMany({ where: { kind: { in: ["ADMIN", "USER"] } }, orderBy: { id: "asc" } });
  // Token rows are few (node tokens are not listed here), so the namespace is picked from the roles here.
  return rows.map(tokenInfo).filter((t) => namespace == null || t.namespace === namespace);
}

export async function listJoinTokens(s: Services, principal: Principal): Promise<TokenInfo[]> {
  requireClusterAdmin(principal, "join tokens");
  const rows = await s.db.prisma.apiToken.findMany({ where: { kind: "JOIN" }, orderBy: { id: "asc" } });
  return rows.map(tokenInfo);
}

/**
 * Revokes a token (an API token, or with `join` a join token) and closes its
 * open WebSocket connections on this server (other replicas close theirs
 * within their next check). Revoking a revoked token changes nothing.
 */
export async function revokeToken(s: Services, principal: Principal, id: string, kind: "api" | "join"): Promise<TokenInfo> {
  const row = await s.db.prisma.apiToken.findUnique({ where: { id } });
  const kinds = kind === "join" ? ["JOIN"] : ["ADMIN", "USER"];
  if (!row || !kinds.includes(row.kind)) throw notFound(`${kind === "join" ? "join token" : "token"} ${id}`, "id");
  const info = tokenInfo(row);
  if (kind === "join" || row.kind === "ADMIN") requireClusterAdmin(principal, kind === "join" ? "join tokens" : "admin tokens");
  else authorizeNamespace(principal, info.namespace ?? ALL_NAMESPACES);
  if (row.revokedAt) return info;
  await s.db.prisma.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: s.clock.now() } });
  s.auth.revoked([id]);
  return tokenInfo(await s.db.prisma.apiToken.findUniqueOrThrow({ where: { id } }));
}
