import type { PrismaClient } from "../db/client.ts";
import { currentSeq } from "../events/log.ts";
import { listPage, type ListPage, type PageArgs } from "./pagination.ts";

/** What a list needs of a Prisma model (its delegate, e.g. `prisma.node`). */
export interface RowSource<T> {
  findMany(args: { where: object; orderBy: { id: "asc" | "desc" }; take: number }): Promise<T[]>;
  count(args: { where: object }): Promise<number>;
}

/**
 * One page of a model's rows under `filter`, in id order, with the total under
 * the same filter and the event-log seq it was read at: the body of every
 * connection resolver.
 */
export function listRows<T extends { id: string }>(
  prisma: PrismaClient,
  source: RowSource<T>,
  filter: object,
  args: PageArgs,
  opts: { newestFirst?: boolean } = {},
): Promise<ListPage<T>> {
  return listPage(
    () => currentSeq(prisma),
    args,
    (page) => source.findMany({ where: { AND: [filter, page.where] }, orderBy: page.orderBy, take: page.take }),
    () => source.count({ where: filter }),
    opts,
  );
}
