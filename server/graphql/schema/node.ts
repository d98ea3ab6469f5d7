import type { Node } from "../../db/client.ts";
import { builder } from "../builder.ts";
import { listRows } from "../list-rows.ts";
import { authorize } from "../../auth/principal.ts";
import { drainNode, setNodeLabels } from "../../nodes/service.ts";
import { listFields } from "../list-fields.ts";
import { selectorArgWhere } from "../label-filter.ts";

export const NodeStateEnum = builder.enumType("NodeState", { values: ["READY", "DOWN", "DRAINING"] as const });

export const NodeRef = builder.prismaNode("Node", {
  id: { field: "id" },
  description: "A machine running `drover agent`.",
  fields: (t) => ({
    hostname: t.exposeString("hostname"),
    labels: t.field({ type: "StringMap", resolve: (n) => (n.labels ?? {}) as Record<string, string> }),
    capacity: t.exposeInt("capacity", { description: "Maximum concurrent executions." }),
    state: t.field({ type: NodeStateEnum, resolve: (n) => n.state }),
    runtimes: t.field({ type: "JSON", description: "Container runtimes the agent found.", resolve: (n) => n.runtimes }),
    agentVersion: t.exposeString("agentVersion", { nullable: true }),
    lastHeartbeatAt: t.field({ type: "DateTime", nullable: true, resolve: (n) => n.lastHeartbeatAt }),
    registeredAt: t.field({ type: "DateTime", resolve: (n) => n.registeredAt }),
    updatedAt: t.field({ type: "DateTime", resolve: (n) => n.updatedAt }),
    revision: t.exposeInt("revision"),
    runningExecutions: t.int({
      description: "Executions placed here that are not finished.",
      resolve: (n, _a, ctx) => ctx.loaders.nodeActiveExecutions.load(n.id),
    }),
  }),
});

builder.queryFields((t) => ({
  node: t.prismaField({
    type: "Node",
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => {
      authorize(ctx.principal, "read", null);
      return ctx.services.db.prisma.node.findUnique({ ...query, where: { id: args.id } });
    },
  }),
  nodes: t.connection(
    {
      type: NodeRef,
      description: "Nodes in id order, filtered by state and a label selector over node labels.",
      args: {
        state: t.arg({ type: NodeStateEnum }),
        selector: t.arg.string({ description: 'e.g. "region=eu,gpu,tier notin (batch)".' }),
      },
      resolve: async (_root, args, ctx) => {
        authorize(ctx.principal, "read", null);
        const prisma = ctx.services.db.prisma;
        const filter = { AND: [args.state ? { state: args.state } : {}, ...selectorArgWhere(args.selector)] };
        return listRows(prisma, prisma.node, filter, args);
      },
    },
    {
      name: "NodeConnection",
      fields: (c) => listFields(c),
    },
  ),
}));

const NodeWritePayloadRef = builder
  .objectRef<{ node: Node; seq: number | null }>("NodeWritePayload")
  .implement({
    fields: (t) => ({
      node: t.field({ type: NodeRef, resolve: (r) => r.node }),
      seq: t.field({ type: "Seq", nullable: true, resolve: (r) => r.seq }),
    }),
  });

builder.mutationFields((t) => ({
  drainNode: t.field({
    type: NodeWritePayloadRef,
    description: "Moves service work away and takes no new placements; drain: false undoes it.",
    args: { id: t.arg.id({ required: true }), drain: t.arg.boolean({ defaultValue: true }) },
    resolve: (_root, args, ctx) => {
      authorize(ctx.principal, "admin", null);
      return drainNode(ctx.services, args.id, args.drain ?? true);
    },
  }),
  setNodeLabels: t.field({
    type: NodeWritePayloadRef,
    description: "Replaces a node's labels.",
    args: {
      id: t.arg.id({ required: true }),
      labels: t.arg({ type: "StringMap", required: true }),
      expectedRevision: t.arg.int({ description: "The node's revision as read: another write since then is CONFLICT." }),
    },
    resolve: (_root, args, ctx) => {
      authorize(ctx.principal, "admin", null);
      return setNodeLabels(ctx.services, args.id, args.labels, args.expectedRevision);
    },
  }),
}));
