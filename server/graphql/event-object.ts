import type { EnumRef, ObjectRef } from "@pothos/core";
import { builder } from "./builder.ts";
import type { StoredEvent } from "../events/types.ts";

/**
 * The GraphQL type of one event stream (JobEvent, RunEvent, ...): its seq,
 * type and time, and the object's snapshot at that change under `field`.
 * Replay hands out the snapshot, never today's row.
 */
export function eventObject<T>(opts: {
  name: string;
  description: string;
  types: EnumRef<any, any>;
  field: string;
  object: ObjectRef<any, T>;
  revive: (snapshot: unknown) => T;
}) {
  const ref = builder.objectRef<StoredEvent>(opts.name);
  ref.implement({
    description: opts.description,
    fields: (t) => ({
      seq: t.field({ type: "Seq", resolve: (e) => e.seq }),
      type: t.field({ type: opts.types, resolve: (e) => e.type }),
      at: t.field({ type: "DateTime", resolve: (e) => e.at }),
      // The snapshot is the row the object type resolves; Pothos cannot see through the generic here.
      [opts.field]: t.field({ type: opts.object as ObjectRef<any, unknown>, resolve: (e) => opts.revive(e.snapshot) as never }),
    }),
  });
  return ref;
}
