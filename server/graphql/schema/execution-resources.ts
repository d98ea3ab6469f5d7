import { builder } from "../builder.ts";
import { ExecutionRef } from "./execution.ts";

/** What an execution reserved on its node when placed, beside what it uses (the metrics' cpu_usage and memory_usage). */
builder.objectFields(ExecutionRef, (t) => ({
  cpuRequested: t.float({ nullable: true, description: "Cores reserved on the node (its job version's resources.cpu); null: none.", resolve: (e) => e.cpuRequested }),
  memoryRequested: t.float({ nullable: true, description: "Bytes reserved on the node (its job version's resources.memory); null: none.", resolve: (e) => e.memoryRequested }),
}));
