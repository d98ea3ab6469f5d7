import { canonicalSchedule, cronProblem, timeZoneProblem } from "./cron.ts";
import { SPEC_DEFAULTS, SPEC_LIMITS } from "./defaults.ts";
import { parseDuration } from "../../common/duration.ts";
import { fieldNames, SPEC_SHAPE } from "./fields.ts";
import { envNameProblem } from "./syntax.ts";
import {
  absent,
  readDuration,
  readEnum,
  readInt,
  readList,
  readObject,
  readOptionalText,
  readStringList,
  readStringMap,
  join,
  type Problems,
  type Raw,
} from "./read.ts";
import {
  isLongRunning,
  isRunToCompletion,
  OVERLAP_POLICIES,
  RESTART_POLICIES,
  type JobSpec,
  type JobType,
  type RestartPolicy,
  type Timeouts,
} from "./types.ts";

/** How each execution runs: timeouts, restarts, what to execute. */

export function normalizeTimeouts(value: unknown, p: Problems): Timeouts {
  const t = readObject(value, "timeouts", p, fieldNames(SPEC_SHAPE.timeouts)) ?? {};
  const read = (k: keyof Timeouts) =>
    readInt(t[k], `timeouts.${k}`, p, SPEC_LIMITS.timeoutSeconds) ?? SPEC_DEFAULTS.timeouts[k];
  return { executionTimeout: read("executionTimeout"), queueTimeout: read("queueTimeout"), totalTimeout: read("totalTimeout") };
}

export function normalizeRestartPolicy(value: unknown, type: JobType | undefined, p: Problems): RestartPolicy {
  const path = "restartPolicy";
  const D = SPEC_DEFAULTS.restartPolicy;
  const r = readObject(value, path, p, fieldNames(SPEC_SHAPE.restartPolicy)) ?? {};
  const defaultPolicy = type && isLongRunning(type) ? D.policy.longRunning : D.policy.runToCompletion;
  // Zero backoff would let a crashing service restart in a hot loop.
  const backoff = readDuration(r.backoff, `${path}.backoff`, p, { positive: true }) ?? { text: D.backoff, ms: parseDuration(D.backoff) };
  const givenMax = readDuration(r.maxBackoff, `${path}.maxBackoff`, p, { positive: true });
  if (givenMax && givenMax.ms < backoff.ms) {
    p.add(`${path}.maxBackoff`, `must not be shorter than backoff (${givenMax.text} < ${backoff.text})`);
  }
  // Without a maxBackoff, a backoff longer than the default cap is its own cap
  // (rather than an error about a field the user never gave).
  const maxBackoff = givenMax ?? (backoff.ms > parseDuration(D.maxBackoff) ? backoff : { text: D.maxBackoff });
  const codes = new Set<number>();
  (readList(r.retryExitCodes, `${path}.retryExitCodes`, p) ?? []).forEach((c, i) => {
    const code = readInt(c, join(`${path}.retryExitCodes`, i), p, SPEC_LIMITS.exitCode);
    if (code !== undefined) codes.add(code);
    else if (c === null || c === undefined) p.add(join(`${path}.retryExitCodes`, i), "must be a whole number, not null");
  });
  return {
    policy: readEnum(r.policy, `${path}.policy`, p, RESTART_POLICIES) ?? defaultPolicy,
    maxRetries: readInt(r.maxRetries, `${path}.maxRetries`, p, SPEC_LIMITS.maxRetries) ?? D.maxRetries,
    backoff: backoff.text,
    maxBackoff: maxBackoff.text,
    retryExitCodes: [...codes].sort((a, b) => a - b),
  };
}

type CronFields = Pick<JobSpec, "schedule" | "timeZone" | "overlapPolicy" | "catchUp">;

export function normalizeCron(s: Raw, type: JobType | undefined, p: Problems): CronFields {
  let schedule = readOptionalText(s.schedule, "schedule", p) ?? null;
  if (schedule !== null) {
    const problem = cronProblem(schedule);
    if (problem) p.add("schedule", problem);
    else if (type && !isRunToCompletion(type)) {
      p.add("schedule", `only batch and broadcast jobs (ops, query, update, config) run on a schedule; a ${type} job runs continuously`);
    }
    schedule = canonicalSchedule(schedule);
  }
  const timeZone = readOptionalText(s.timeZone, "timeZone", p) ?? SPEC_DEFAULTS.timeZone;
  const tzProblem = timeZoneProblem(timeZone);
  if (tzProblem) p.add("timeZone", tzProblem);
  return {
    schedule,
    timeZone,
    overlapPolicy: readEnum(s.overlapPolicy, "overlapPolicy", p, OVERLAP_POLICIES) ?? SPEC_DEFAULTS.overlapPolicy,
    catchUp: readInt(s.catchUp, "catchUp", p, SPEC_LIMITS.catchUp) ?? SPEC_DEFAULTS.catchUp,
  };
}

type ProcessFields = Pick<JobSpec, "image" | "command" | "args" | "env" | "workingDir">;

/**
 * What to execute. A job must say what to run: command, args, or an image
 * (whose own entrypoint runs). One with none of them used to be accepted and
 * then fail (or, as a service, restart) forever at run time, as no agent has
 * anything to start.
 */
export function normalizeProcess(s: Raw, p: Problems): ProcessFields {
  const command = readOptionalText(s.command, "command", p) ?? null;
  const list = readStringList(s.args, "args", p);
  const args = list && list.length > 0 ? list : null;
  if (command !== null && args !== null) {
    p.add("args", "give command (a shell string) or args (an argv list), not both");
  }
  const image = readOptionalText(s.image, "image", p) ?? null;
  const given = (v: unknown) => !absent(v) && !(typeof v === "string" && v.trim() === "") && !(Array.isArray(v) && v.length === 0);
  if (command === null && args === null && image === null && !given(s.command) && !given(s.args) && !given(s.image)) {
    p.add(
      "command",
      "is required when there are no args and no image: nothing would run. Give a shell command (for example `run-pipeline --once`, which finds the job's config as JSON in $DROVER_CONFIG), an argv list in args, or an image",
    );
  }
  return {
    image,
    command,
    args,
    env: readStringMap(s.env, "env", p, envNameProblem) ?? {},
    workingDir: readOptionalText(s.workingDir, "workingDir", p) ?? null,
  };
}
