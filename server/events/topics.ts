import type { Execution, Node, Rollout, Run } from "../db/client.ts";
import { reviveSnapshot } from "./revive.ts";
import type { EventType } from "./types.ts";

/**
 * The event log's vocabulary by topic: which event types belong to which
 * kind of object, and how each topic's snapshot becomes a row again. Every
 * per-topic subscription and the unified stream read these lists, so a new
 * event type is added once.
 */
export const JOB_EVENT_TYPES = [
  "JOB_SUBMITTED",
  "JOB_UPDATED",
  "JOB_RESTARTED",
  "JOB_STOPPED",
  "JOB_STARTED",
  "JOB_DELETED",
  "JOB_STATE_CHANGED",
  "JOB_CRON_FIRED",
  "JOB_SCHEDULE_SUSPENDED",
  "JOB_SCHEDULE_RESUMED",
] as const satisfies readonly EventType[];
export const RUN_EVENT_TYPES = ["RUN_CREATED", "RUN_STATE_CHANGED"] as const satisfies readonly EventType[];
export const EXECUTION_EVENT_TYPES = ["EXECUTION_CREATED", "EXECUTION_STATE_CHANGED", "EXECUTION_DESIRED_CHANGED"] as const satisfies readonly EventType[];
export const ROLLOUT_EVENT_TYPES = ["ROLLOUT_STARTED", "ROLLOUT_WAVE_STARTED", "ROLLOUT_UPDATED", "ROLLOUT_COMPLETED"] as const satisfies readonly EventType[];
export const NODE_EVENT_TYPES = ["NODE_REGISTERED", "NODE_UPDATED", "NODE_STATE_CHANGED"] as const satisfies readonly EventType[];

export const EVENT_TOPICS = {
  JOB: JOB_EVENT_TYPES,
  RUN: RUN_EVENT_TYPES,
  EXECUTION: EXECUTION_EVENT_TYPES,
  ROLLOUT: ROLLOUT_EVENT_TYPES,
  NODE: NODE_EVENT_TYPES,
} as const;

export type EventTopic = keyof typeof EVENT_TOPICS;
export const EVENT_TOPIC_NAMES = Object.keys(EVENT_TOPICS) as EventTopic[];

/** Topics whose events belong to a namespace (node events are cluster-wide). */
export const NAMESPACED_TOPICS: readonly EventTopic[] = ["JOB", "RUN", "EXECUTION", "ROLLOUT"];

const TOPIC_OF = new Map<EventType, EventTopic>(
  EVENT_TOPIC_NAMES.flatMap((topic) => EVENT_TOPICS[topic].map((type) => [type as EventType, topic] as const)),
);

/** The topic an event type belongs to; null for types no subscription streams (evaluation updates). */
export function topicOf(type: EventType): EventTopic | null {
  return TOPIC_OF.get(type) ?? null;
}

/** The event types of the given topics, in topic order. */
export function typesOfTopics(topics: readonly EventTopic[]): EventType[] {
  return topics.flatMap((t) => EVENT_TOPICS[t]);
}

export const reviveRun = (snapshot: unknown): Run =>
  reviveSnapshot<Run>(snapshot, ["scheduledAt", "createdAt", "startedAt", "finishedAt", "updatedAt"]);
export const reviveExecution = (snapshot: unknown): Execution =>
  reviveSnapshot<Execution>(snapshot, ["startedAt", "finishedAt", "stableAt", "createdAt", "updatedAt"]);
export const reviveRollout = (snapshot: unknown): Rollout =>
  reviveSnapshot<Rollout>(snapshot, ["startedAt", "completedAt", "updatedAt"]);
export const reviveNode = (snapshot: unknown): Node =>
  reviveSnapshot<Node>(snapshot, ["lastHeartbeatAt", "registeredAt", "updatedAt"]);
