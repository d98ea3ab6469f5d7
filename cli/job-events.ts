import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { wsUrlOf } from "../client/connection.ts";
import type { Api } from "./api.ts";

/** One line of a job's history, from the event log. */
export interface JobEventLine {
  seq: number;
  at: string;
  type: string;
  object: string;
  message: string;
}

const SUBSCRIPTIONS = {
  job: `subscription($jobId: ID!, $after: Seq) { jobEvents(jobId: $jobId, after: $after) { seq type at state job { status { state { message } } } } }`,
  execution: `subscription($jobId: ID!, $after: Seq) { executionEvents(jobId: $jobId, after: $after) { seq type at execution { id nodeId computeState { stateType message } desiredState { stateType message } } } }`,
  rollout: `subscription($jobId: ID!, $after: Seq) { rolloutEvents(jobId: $jobId, after: $after) { seq type at rollout { id toVersion state message } } }`,
};

type Payload = Record<string, any>;

function toLine(kind: keyof typeof SUBSCRIPTIONS, e: Payload): JobEventLine {
  if (kind === "job") return { seq: e.seq, at: e.at, type: e.type, object: "job", message: `${e.state}${e.job?.status?.state?.message ? `: ${e.job.status.state.message}` : ""}` };
  if (kind === "execution") {
    const x = e.execution;
    const state = e.type === "EXECUTION_DESIRED_CHANGED" ? `desired ${x.desiredState.stateType}${x.desiredState.message ? `: ${x.desiredState.message}` : ""}` : `${x.computeState.stateType}${x.computeState.message ? `: ${x.computeState.message}` : ""}`;
    return { seq: e.seq, at: e.at, type: e.type, object: `${x.id} on ${x.nodeId}`, message: state };
  }
  return { seq: e.seq, at: e.at, type: e.type, object: `rollout v${e.rollout.toVersion}`, message: `${e.rollout.state.toLowerCase()}: ${e.rollout.message}` };
}

/**
 * The job's recorded events up to `untilSeq` (what a list read at), replayed by the
 * resumable subscriptions from the start of what the log keeps; the newest `limit`.
 * Null when the log no longer reaches back that far or the socket fails: the
 * description is shown without its history rather than not at all.
 */
export async function recentJobEvents(api: Api, jobId: string, untilSeq: number, limit = 15): Promise<JobEventLine[] | null> {
  if (untilSeq <= 0) return [];
  const client = createClient({
    url: wsUrlOf(api.target.url),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${api.target.token}` },
    retryAttempts: 0,
  });
  const lines: JobEventLine[] = [];
  try {
    const streams = (Object.keys(SUBSCRIPTIONS) as (keyof typeof SUBSCRIPTIONS)[]).map(
      (kind) =>
        new Promise<boolean>((resolve) => {
          let settled = false;
          const end = (ok: boolean) => {
            if (settled) return;
            settled = true;
            clearTimeout(idle);
            unsubscribe();
            resolve(ok);
          };
          // Replay comes first; a stream with nothing at or after untilSeq has replayed all it has.
          let idle = setTimeout(() => end(true), 1500);
          const unsubscribe = client.subscribe<Payload>(
            { query: SUBSCRIPTIONS[kind], variables: { jobId, after: 0 } },
            {
              next: (v) => {
                const e = v.data && Object.values(v.data)[0];
                if (!e) return;
                if (e.seq <= untilSeq) lines.push(toLine(kind, e));
                clearTimeout(idle);
                if (e.seq >= untilSeq) end(true);
                else idle = setTimeout(() => end(true), 500);
              },
              error: () => end(false),
              complete: () => end(true),
            },
          );
        }),
    );
    const ok = await Promise.all(streams);
    if (!ok.every(Boolean) && !lines.length) return null;
  } finally {
    void client.dispose();
  }
  return lines.sort((a, b) => a.seq - b.seq).slice(-limit);
}
