/**
 * Ids per `in: [...]` list. SQLite and PostgreSQL both cap the parameters of
 * one statement (Prisma reports P2029 past its own limit), so a list that grows
 * with the data is split into statements of this size.
 */
export const IDS_PER_STATEMENT = 500;

export function chunks<T>(items: readonly T[], size = IDS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
