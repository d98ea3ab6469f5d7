import { DroverError } from "../errors.ts";

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/**
 * Cursor pagination over rows whose ids sort in creation order (prefixed
 * ULIDs). The cursor is the row id itself. Returns the Prisma `where`/`orderBy`
 * fragment and a function that turns the fetched rows into a Relay page.
 */
export function pageQuery(args: PageArgs, { newestFirst = false }: { newestFirst?: boolean } = {}) {
  if (args.first != null && args.last != null) {
    throw new DroverError("VALIDATION_FAILED", "give first or last, not both", { field: "last" });
  }
  const backward = args.last != null || (args.before != null && args.first == null);
  const size = clampSize(backward ? args.last : args.first, backward ? "last" : "first");
  // Lists run oldest first by default; newestFirst flips the order and what after/before mean.
  const idFilter: { gt?: string; lt?: string } = {};
  if (args.after) idFilter[newestFirst ? "lt" : "gt"] = args.after;
  if (args.before) idFilter[newestFirst ? "gt" : "lt"] = args.before;
  return {
    where: Object.keys(idFilter).length ? { id: idFilter } : {},
    orderBy: { id: backward !== newestFirst ? ("desc" as const) : ("asc" as const) },
    take: size + 1,
    toPage<T extends { id: string }>(rows: T[]) {
      const hasMore = rows.length > size;
      const items = rows.slice(0, size);
      if (backward) items.reverse();
      return {
        edges: items.map((node) => ({ cursor: node.id, node })),
        pageInfo: {
          hasNextPage: backward ? Boolean(args.before) : hasMore,
          hasPreviousPage: backward ? hasMore : Boolean(args.after),
          startCursor: items[0]?.id ?? null,
          endCursor: items[items.length - 1]?.id ?? null,
        },
      };
    },
  };
}

function clampSize(n: number | null | undefined, field: string): number {
  if (n == null) return DEFAULT_PAGE;
  if (!Number.isInteger(n) || n < 0 || n > MAX_PAGE) {
    throw new DroverError("VALIDATION_FAILED", `${field} must be between 0 and ${MAX_PAGE}`, { field });
  }
  return n;
}

export interface ListPage<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** Counted when the selection asks for it (a count scans every matching row), at most once. */
  totalCount: () => Promise<number>;
  /** The event-log position read before the rows: subscribe after it to miss nothing. */
  seq: number;
}

/** `fn` run on the first call only; later calls share its answer. */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | null = null;
  return () => (p ??= fn());
}

/**
 * One page of a list query with its total and the seq it read at. The seq is
 * read before the rows: a change after it is then in the list, in the events
 * after seq, or both, never in neither.
 */
export async function listPage<T extends { id: string }>(
  readSeq: () => Promise<number>,
  args: PageArgs,
  load: (page: { where: Record<string, unknown>; orderBy: { id: "asc" | "desc" }; take: number }) => Promise<T[]>,
  count: () => Promise<number>,
  opts: { newestFirst?: boolean } = {},
): Promise<ListPage<T>> {
  const page = pageQuery(args, opts);
  const seq = await readSeq();
  const rows = await load(page);
  return { ...page.toPage(rows), totalCount: once(count), seq };
}
