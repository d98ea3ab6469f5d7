import type { ListPage } from "./pagination.ts";

/** The fields every Drover connection adds to Relay's: totalCount and seq. */
export function listFields(c: PothosSchemaTypes.ObjectFieldBuilder<any, any>) {
  return {
    totalCount: c.int({ resolve: (p: unknown) => (p as ListPage<unknown>).totalCount() }),
    seq: c.field({
      type: "Seq",
      description: "The event-log position this list was read at; subscribe after it to miss nothing.",
      resolve: (p: unknown) => (p as ListPage<unknown>).seq,
    }),
  };
}
