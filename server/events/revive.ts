/**
 * Event snapshots are stored as JSON, so their Dates come back as ISO strings.
 * This turns the named fields back into Dates, giving a row shape the GraphQL
 * types resolve exactly as they resolve today's rows.
 */
export function reviveSnapshot<T>(snapshot: unknown, dateFields: readonly string[]): T {
  const s = { ...(snapshot as Record<string, unknown>) };
  for (const f of dateFields) if (typeof s[f] === "string") s[f] = new Date(s[f] as string);
  return s as T;
}
