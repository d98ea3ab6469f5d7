import type { Prisma } from "./client.ts";
import type { DatabaseProvider } from "./url.ts";

const MAX_PARAMS = 30_000;

/**
 * Multi-row INSERTs inside the caller's transaction. Prisma's createMany runs
 * about twenty times below the driver on this machine, so the hot write paths
 * that must share a transaction (placing executions, appending their events)
 * build the SQL themselves. Values are written as Prisma writes them:
 * on SQLite, DateTime as ISO text with "+00:00", JSON as text; on PostgreSQL
 * the driver's own types.
 */
export async function bulkInsert(
  tx: Prisma.TransactionClient,
  provider: DatabaseProvider,
  table: string,
  cols: readonly string[],
  rows: readonly unknown[][],
): Promise<void> {
  if (rows.length === 0) return;
  const pg = provider === "postgresql";
  const quoted = cols.map((c) => `"${c}"`).join(", ");
  const perBatch = Math.max(1, Math.floor(MAX_PARAMS / cols.length));
  for (let i = 0; i < rows.length; i += perBatch) {
    const chunk = rows.slice(i, i + perBatch);
    let n = 0;
    const values = chunk.map(() => `(${cols.map(() => (pg ? `$${++n}` : "?")).join(", ")})`).join(", ");
    const params = chunk.flat().map((v) => toParam(v, pg));
    await tx.$executeRawUnsafe(
      `INSERT INTO "${table}" (${quoted}) VALUES ${values}`,
      ...params,
    );
  }
}

function toParam(v: unknown, pg: boolean): unknown {
  if (v instanceof Date) return pg ? v : v.toISOString().replace("Z", "+00:00");
  if (typeof v === "bigint") return pg ? v.toString() : Number(v);
  if (v !== null && typeof v === "object") return JSON.stringify(v);
  if (typeof v === "boolean" && !pg) return v ? 1 : 0;
  return v;
}
