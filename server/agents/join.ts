import type { Principal } from "../auth/principal.ts";
import type { Services } from "../services.ts";
import { DroverError } from "../errors.ts";

/**
 * Who may register a node: an admin token, or a join token that still has
 * uses left (join tokens are reusable, with optional max uses and expiry).
 */
export async function consumeJoinRight(s: Services, principal: Principal): Promise<void> {
  if (principal.kind === "ADMIN") return;
  if (principal.kind !== "JOIN") {
    throw new DroverError("FORBIDDEN", "registering a node needs a join token or an admin token");
  }
  // Counted with a guarded update so concurrent registrations cannot exceed maxUses.
  const token = await s.db.prisma.apiToken.findUniqueOrThrow({ where: { id: principal.tokenId } });
  const { count } = await s.db.prisma.apiToken.updateMany({
    where: { id: token.id, uses: token.uses, ...(token.maxUses != null ? { uses: { lt: token.maxUses } } : {}) },
    data: { uses: { increment: 1 }, lastUsedAt: s.clock.now() },
  });
  if (count === 0) throw new DroverError("FORBIDDEN", `join token "${token.name}" has no uses left`);
}
