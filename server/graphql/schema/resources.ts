import { builder } from "../builder.ts";
import type { Resources } from "../../spec/resources.ts";

/** A job's resource requests, in the spec (output) and as given (input). */

export const ResourcesRef = builder.objectRef<Resources>("Resources").implement({
  description: "What each execution of the job reserves on its node. Placement puts it only where that much is free.",
  fields: (t) => ({
    cpu: t.float({ nullable: true, description: "Cores (decimal, to the millicore: 1.5, 0.25); null: no cpu request.", resolve: (r) => r.cpu }),
    memory: t.float({ nullable: true, description: "Bytes; null: no memory request.", resolve: (r) => r.memory }),
  }),
});

export const ResourcesInput = builder.inputType("ResourcesInput", {
  fields: (t) => ({
    cpu: t.float({ description: "Cores, 0.001-1024, at most 3 decimals (1.5 = one and a half cores)." }),
    memory: t.float({ description: "Bytes, a whole number up to 2^50 (536870912 = 512 MiB)." }),
  }),
});
