import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { ApiToken, PrismaClient } from "../db/client.ts";
import type { Clock } from "../clock.ts";
import { newId } from "../ids.ts";
import type { Principal, Role } from "./principal.ts";

export type TokenKind = "ADMIN" | "USER" | "NODE" | "JOIN";

/** Secrets are `drv_` + 32 random bytes; only their SHA-256 is stored. */
export function generateSecret(): string {
  return "drv_" + randomBytes(32).toString("base64url");
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export interface NewToken {
  name: string;
  kind: TokenKind;
  roles?: Record<string, Role>;
  nodeId?: string | null;
  maxUses?: number | null;
  expiresAt?: Date | null;
  /** The moment a lifetime was counted from, so expiresAt - createdAt is exactly the lifetime asked for. */
  createdAt?: Date;
}

export async function createToken(
  prisma: PrismaClient,
  clock: Clock,
  t: NewToken,
): Promise<{ id: string; secret: string }> {
  const secret = generateSecret();
  const createdAt = t.createdAt ?? clock.now();
  const id = newId("token", createdAt);
  await prisma.apiToken.create({
    data: {
      id,
      name: t.name,
      kind: t.kind,
      hash: hashSecret(secret),
      roles: t.roles ?? {},
      nodeId: t.nodeId ?? null,
      maxUses: t.maxUses ?? null,
      uses: 0,
      expiresAt: t.expiresAt ?? null,
      createdAt,
    },
  });
  return { id, secret };
}

/** The principal a bearer secret stands for, or null when it is unknown, revoked or expired. */
export async function verifySecret(prisma: PrismaClient, clock: Clock, secret: string): Promise<Principal | null> {
  if (!secret.startsWith("drv_")) return null;
  const hash = hashSecret(secret);
  const row = await prisma.apiToken.findUnique({ where: { hash } });
  return row ? principalOfToken(row, hash, clock.now()) : null;
}

/** The principal of the token row found for `hash`, or null when it is revoked or expired at `now`. */
export function principalOfToken(row: ApiToken, hash: string, now: Date): Principal | null {
  // The lookup was by hash; compare again in constant time so timing says nothing.
  if (!timingSafeEqual(Buffer.from(row.hash), Buffer.from(hash))) return null;
  if (row.revokedAt) return null;
  if (row.expiresAt && row.expiresAt <= now) return null;
  return {
    tokenId: row.id,
    name: row.name,
    kind: row.kind as TokenKind,
    roles: (row.roles ?? {}) as Record<string, Role>,
    nodeId: row.nodeId,
  };
}

/** Reads `Authorization: Bearer <secret>` (any case), or a bare secret. */
export function bearerSecret(header: string | null | undefined): string | null {
  if (!header) return null;
  const m = /^\s*bearer\s+(\S+)\s*$/i.exec(header);
  if (m) return m[1];
  return header.startsWith("drv_") ? header.trim() : null;
}

/**
 * The quickstart's admin token: reused from `<dataDir>/admin.token` when it is
 * still valid for this database, otherwise created and written there (0600),
 * so the TUI, the CLI and the local agent find it with no setup.
 */
export async function ensureAdminToken(
  prisma: PrismaClient,
  clock: Clock,
  dataDir: string,
  writeFile: boolean,
): Promise<string> {
  const file = path.join(dataDir, "admin.token");
  try {
    const existing = (await fs.readFile(file, "utf8")).trim();
    if (existing && (await verifySecret(prisma, clock, existing))) return existing;
  } catch {
    // no file yet
  }
  const { secret } = await createToken(prisma, clock, { name: "quickstart admin", kind: "ADMIN", roles: { "*": "admin" } });
  if (writeFile) {
    await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
    await fs.writeFile(file, secret + "\n", { mode: 0o600 });
    await fs.chmod(file, 0o600);
  }
  return secret;
}
