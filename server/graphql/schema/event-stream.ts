import { scopeNamespace, WORKSPACE_ARG_DESCRIPTION } from "../namespace-scope.ts";
import { builder } from "../builder.ts";
import { SHARED_UNLESS } from "../../http/shared-subscriptions.ts";
import { authorize } from "../../auth/principal.ts";
import { DroverError } from "../../errors.ts";
import { findJob } from "../../jobs/find.ts";
import { reviveJob } from "../../jobs/snapshot.ts";
import { isBookmark, type Bookmark } from "../../events/tail.ts";
import {
  EVENT_TOPIC_NAMES,
  NAMESPACED_TOPICS,
  reviveExecution,
  reviveNode,
  reviveRollout,
  reviveRun,
  topicOf,
  typesOfTopics,
  type EventTopic,
} from "../../events/topics.ts";
import type { EventType, StoredEvent } from "../../events/types.ts";
import { ExecutionRef } from "./execution.ts";
import { JobRef } from "./job.ts";
import { NodeRef } from "./node.ts";
import { RolloutStatusRef } from "./rollout.ts";
import { RunRef } from "./run.ts";

/** Bounds of `bookmarkSeconds`: often enough to keep a resume point fresh, rare enough to cost nothing. */
export const BOOKMARK_SECONDS = { min: 1, max: 3600, default: 30 } as const;

const EventTopicEnum = builder.enumType("EventTopic", {
  description: "What kind of object an event is about.",
  values: EVENT_TOPIC_NAMES,
});

const ALL_EVENT_TYPES = typesOfTopics(EVENT_TOPIC_NAMES);
const StreamEventTypeEnum = builder.enumType("StreamEventType", {
  description: "Every event type of every topic, and BOOKMARK.",
  values: [...ALL_EVENT_TYPES, "BOOKMARK"] as const,
});

type StreamItem = StoredEvent | Bookmark;

/** The object an event carries, if it is of `topic`. */
function payload<T>(item: StreamItem, topic: EventTopic, revive: (snapshot: unknown) => T): T | null {
  if (isBookmark(item) || topicOf(item.type) !== topic) return null;
  return revive(item.snapshot);
}

const StreamEventRef = builder.objectRef<StreamItem>("StreamEvent").implement({
  description:
    "One change of anything, in commit order, or a BOOKMARK: a resume point that says every matching event up to `seq` was delivered. " +
    "Exactly one of job, run, execution, rollout and node is set on an event (the one its topic names); none on a bookmark.",
  fields: (t) => ({
    seq: t.field({ type: "Seq", description: "Resume with `after: seq` to continue after this.", resolve: (e) => e.seq }),
    at: t.field({ type: "DateTime", resolve: (e) => e.at }),
    type: t.field({ type: StreamEventTypeEnum, resolve: (e) => (isBookmark(e) ? "BOOKMARK" : (e.type as (typeof ALL_EVENT_TYPES)[number])) }),
    topic: t.field({ type: EventTopicEnum, nullable: true, description: "Null on a bookmark.", resolve: (e) => (isBookmark(e) ? null : topicOf(e.type)) }),
    namespace: t.string({ nullable: true, resolve: (e) => (isBookmark(e) ? null : e.namespace) }),
    jobId: t.id({ nullable: true, resolve: (e) => (isBookmark(e) ? null : e.jobId) }),
    runId: t.id({ nullable: true, resolve: (e) => (isBookmark(e) ? null : e.runId) }),
    executionId: t.id({ nullable: true, resolve: (e) => (isBookmark(e) ? null : e.executionId) }),
    nodeId: t.id({ nullable: true, resolve: (e) => (isBookmark(e) ? null : e.nodeId) }),
    rolloutId: t.id({ nullable: true, resolve: (e) => (isBookmark(e) ? null : e.rolloutId) }),
    job: t.field({ type: JobRef, nullable: true, description: "The job as written with the change.", resolve: (e) => payload(e, "JOB", reviveJob) }),
    run: t.field({ type: RunRef, nullable: true, resolve: (e) => payload(e, "RUN", reviveRun) }),
    execution: t.field({ type: ExecutionRef, nullable: true, resolve: (e) => payload(e, "EXECUTION", reviveExecution) }),
    rollout: t.field({ type: RolloutStatusRef, nullable: true, resolve: (e) => payload(e, "ROLLOUT", reviveRollout) }),
    node: t.field({ type: NodeRef, nullable: true, resolve: (e) => payload(e, "NODE", reviveNode) }),
  }),
});

builder.subscriptionFields((t) => ({
  events: t.field({
    // Without `after` every subscriber sees the same live events (and bookmarks): alike subscribers share one execution.
    extensions: { [SHARED_UNLESS]: "after" },
    type: StreamEventRef,
    description:
      "One resumable stream over every topic (jobs, runs, executions, rollouts, nodes), filtered by topic, namespace and job, in commit order. " +
      "With `after`, replays what was missed, then goes live with no gap and no duplicate; RESYNC_REQUIRED when retention removed that range. " +
      "A BOOKMARK arrives after `bookmarkSeconds` without an event, carrying the seq to resume from.",
    args: {
      topics: t.arg({ type: [EventTopicEnum], description: "Default: every topic (every namespaced topic when namespace or jobId is given)." }),
      namespace: t.arg.string(),
      workspace: t.arg.string({ description: WORKSPACE_ARG_DESCRIPTION }),
      jobId: t.arg.id(),
      after: t.arg({ type: "Seq", description: "Resume after this seq (from a list, an event or a bookmark)." }),
      bookmarkSeconds: t.arg.int({ description: `Idle time before a bookmark (${BOOKMARK_SECONDS.min}-${BOOKMARK_SECONDS.max}, default ${BOOKMARK_SECONDS.default}).` }),
    },
    subscribe: async (_root, args, ctx) => {
      const scoped = Boolean(args.namespace || args.workspace || args.jobId);
      const topics = args.topics?.length ? [...new Set(args.topics)] : scoped ? [...NAMESPACED_TOPICS] : EVENT_TOPIC_NAMES;
      if (scoped && topics.includes("NODE")) {
        throw new DroverError("VALIDATION_FAILED", "node events belong to no namespace or job: subscribe to NODE without namespace, workspace and jobId", { field: "topics" });
      }
      const seconds = args.bookmarkSeconds ?? BOOKMARK_SECONDS.default;
      if (!Number.isInteger(seconds) || seconds < BOOKMARK_SECONDS.min || seconds > BOOKMARK_SECONDS.max) {
        throw new DroverError("VALIDATION_FAILED", `bookmarkSeconds must be ${BOOKMARK_SECONDS.min}-${BOOKMARK_SECONDS.max}`, { field: "bookmarkSeconds" });
      }
      const namespace = args.namespace ?? undefined;
      const workspace = args.workspace ?? undefined;
      if (args.jobId) {
        // A job's events are readable where the job lives; a purged job's only with a cluster-wide read.
        const job = await findJob(ctx.services.db.prisma, { id: args.jobId });
        authorize(ctx.principal, "read", job?.namespace ?? scopeNamespace(args));
      } else {
        authorize(ctx.principal, "read", scopeNamespace(args));
      }
      return ctx.services.tailer.stream(
        { types: typesOfTopics(topics) as EventType[], namespace, workspace, jobId: args.jobId ?? undefined },
        args.after,
        { bookmarkMs: seconds * 1000 },
      );
    },
    resolve: (e) => e,
  }),
}));
