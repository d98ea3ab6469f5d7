import { builder } from "../builder.ts";
import { NodeRef } from "./node.ts";

/**
 * A node's resources beside its other fields: what its agent reported, what
 * live executions reserved, and what is free for placement. Free is null
 * when the agent reported nothing (unknown room: only executions without
 * that request are placed there), and never below 0 (a node that shrank
 * below what it holds keeps its executions and takes no new requests).
 */
builder.objectFields(NodeRef, (t) => ({
  cpuCores: t.float({ nullable: true, description: "Cores the agent reported; null: an agent that reports none.", resolve: (n) => n.cpuCores }),
  memoryBytes: t.float({ nullable: true, description: "Memory in bytes the agent reported; null: an agent that reports none.", resolve: (n) => n.memoryBytes }),
  cpuRequested: t.float({
    description: "Cores reserved by executions placed here that have not finished.",
    resolve: async (n, _a, ctx) => (await ctx.loaders.nodeReservations.load(n.id)).cpu,
  }),
  memoryRequested: t.float({
    description: "Bytes reserved by executions placed here that have not finished.",
    resolve: async (n, _a, ctx) => (await ctx.loaders.nodeReservations.load(n.id)).memory,
  }),
  cpuFree: t.float({
    nullable: true,
    description: "cpuCores minus cpuRequested (at least 0); null when cpuCores is unknown.",
    resolve: async (n, _a, ctx) => (n.cpuCores == null ? null : Math.max(0, Math.round((n.cpuCores - (await ctx.loaders.nodeReservations.load(n.id)).cpu) * 1000) / 1000)),
  }),
  memoryFree: t.float({
    nullable: true,
    description: "memoryBytes minus memoryRequested (at least 0); null when memoryBytes is unknown.",
    resolve: async (n, _a, ctx) => (n.memoryBytes == null ? null : Math.max(0, n.memoryBytes - (await ctx.loaders.nodeReservations.load(n.id)).memory)),
  }),
}));
