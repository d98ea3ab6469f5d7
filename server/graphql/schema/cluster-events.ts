import { scopeNamespace, WORKSPACE_ARG_DESCRIPTION } from "../namespace-scope.ts";
import type { Execution, Node } from "../../db/client.ts";
import { builder } from "../builder.ts";
import { authorize } from "../../auth/principal.ts";
import { EXECUTION_EVENT_TYPES, NODE_EVENT_TYPES, reviveExecution, reviveNode } from "../../events/topics.ts";
import { eventObject } from "../event-object.ts";
import { ExecutionRef } from "./execution.ts";
import { NodeRef } from "./node.ts";
import { SHARED_UNLESS } from "../../http/shared-subscriptions.ts";


const ExecutionEventTypeEnum = builder.enumType("ExecutionEventType", { values: EXECUTION_EVENT_TYPES });
const NodeEventTypeEnum = builder.enumType("NodeEventType", { values: NODE_EVENT_TYPES });

const ExecutionEventRef = eventObject<Execution>({
  name: "ExecutionEvent",
  description: "One change of an execution; `execution` is its snapshot at that change.",
  types: ExecutionEventTypeEnum,
  field: "execution",
  object: ExecutionRef,
  revive: reviveExecution,
});

const NodeEventRef = eventObject<Node>({
  name: "NodeEvent",
  description: "One change of a node; `node` is its snapshot at that change.",
  types: NodeEventTypeEnum,
  field: "node",
  object: NodeRef,
  revive: reviveNode,
});

builder.subscriptionFields((t) => ({
  executionEvents: t.field({
    // Without `after` every subscriber sees the same live events: subscribers that ask alike share one execution.
    extensions: { [SHARED_UNLESS]: "after" },
    type: ExecutionEventRef,
    description: "Execution changes (filter by namespace, job, node or run), resumable with `after`.",
    args: {
      namespace: t.arg.string(),
      workspace: t.arg.string({ description: WORKSPACE_ARG_DESCRIPTION }),
      jobId: t.arg.id(),
      nodeId: t.arg.id(),
      runId: t.arg.id(),
      after: t.arg({ type: "Seq", description: "Resume after this seq: replay what was missed, then live." }),
    },
    subscribe: (_root, args, ctx) => {
      authorize(ctx.principal, "read", scopeNamespace(args));
      return ctx.services.tailer.subscribe(
        {
          types: EXECUTION_EVENT_TYPES,
          namespace: args.namespace ?? undefined,
          workspace: args.workspace ?? undefined,
          jobId: args.jobId ?? undefined,
          nodeId: args.nodeId ?? undefined,
          runId: args.runId ?? undefined,
        },
        args.after,
      );
    },
    resolve: (e) => e,
  }),
  nodeEvents: t.field({
    // Without `after` every subscriber sees the same live events: subscribers that ask alike share one execution.
    extensions: { [SHARED_UNLESS]: "after" },
    type: NodeEventRef,
    description: "Node changes (registration, labels, READY/DOWN/DRAINING), resumable with `after`.",
    args: {
      nodeId: t.arg.id(),
      after: t.arg({ type: "Seq", description: "Resume after this seq: replay what was missed, then live." }),
    },
    subscribe: (_root, args, ctx) => {
      authorize(ctx.principal, "read", null);
      return ctx.services.tailer.subscribe(
        { types: NODE_EVENT_TYPES, nodeId: args.nodeId ?? undefined },
        args.after,
      );
    },
    resolve: (e) => e,
  }),
}));
