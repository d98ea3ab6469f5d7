import { monotonicFactory } from "ulid";

/** Type prefixes of server-generated ids (DECISIONS.md). Node ids are chosen by agents. */
export const ID_PREFIXES = {
  job: "job-",
  version: "ver-",
  execution: "exec-",
  run: "run-",
  evaluation: "eval-",
  rollout: "roll-",
  token: "tok-",
  timeline: "tle-",
  nodeChange: "nchg-",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

const ulid = monotonicFactory();

/** A new id: type prefix + lowercase ULID, e.g. `job-01jd3x...`. */
export function newId(kind: IdKind, at: Date = new Date()): string {
  return ID_PREFIXES[kind] + ulid(at.getTime()).toLowerCase();
}

/** The GraphQL type an id belongs to, from its prefix; used to decode Relay node ids. */
export function typeOfId(id: string): string | null {
  if (id.startsWith("node-")) return "Node";
  const map: Record<string, string> = {
    "job-": "Job",
    "ver-": "JobVersion",
    "exec-": "Execution",
    "run-": "Run",
    "eval-": "Evaluation",
    "roll-": "Rollout",
  };
  for (const [p, t] of Object.entries(map)) if (id.startsWith(p)) return t;
  return null;
}
