import type { Binding } from "../../keys.ts";
import { TRIGGERABLE } from "../jobs/state.ts";
import { shownRollout, type JobDetail } from "./summary.ts";

/**
 * The job screen's keys for this job, k9s style: an action that does not
 * apply to the job's kind or to where its rollout is is not offered, so it
 * is neither in the footer nor run. Runs and trigger are for batch and
 * broadcast jobs; rollouts, restarts and rollbacks for long-running ones.
 */
export function jobBindings(job: JobDetail | null): Binding[] {
  const runToCompletion = job ? TRIGGERABLE.has(job.type) : false;
  const rollout = shownRollout(job);
  const scheduled = Boolean(job?.spec.schedule);
  const moving = rollout?.state === "RUNNING" || rollout?.state === "PAUSED";
  const canaryWaiting = rollout?.state === "PAUSED" && rollout.canaryNodes.length > 0 && !rollout.canaryPromoted;
  const list: (Binding | false)[] = [
    { keys: ["enter"], label: "execution", help: "the selected execution: state, exit, details, last output" },
    { keys: ["l"], label: "logs", help: "the job's logs, every execution merged" },
    { keys: ["e"], label: "events", help: "the job's recent events: its own, its executions' and its rollouts'" },
    runToCompletion && { keys: ["t"], label: "trigger", help: "trigger a run" },
    runToCompletion && { keys: ["r"], label: "runs", help: "the job's runs" },
    scheduled && { keys: ["S"], label: job?.status.scheduleSuspended ? "resume schedule" : "suspend schedule", help: "suspend the cron schedule (the version stays), or resume it from the next scheduled time" },
    canaryWaiting && { keys: ["p"], label: "promote", help: "promote the canary waiting in ROLLOUT_PAUSED" },
    moving && { keys: ["space"], label: rollout?.state === "PAUSED" ? "resume" : "pause", help: "pause the rollout after its current wave, or resume it" },
    !runToCompletion && job !== null && job.versions.length > 1 && { keys: ["b"], label: "rollback", help: "roll back to the last version whose rollout completed" },
    !runToCompletion && job !== null && { keys: ["R"], label: "restart", help: "replace every execution at the same version" },
    { keys: ["s"], label: "stop", help: "stop the job" },
    { keys: ["v"], label: "versions", help: "the job's versions, to roll back to one", minor: true },
    { keys: ["m"], label: "metrics", help: "cpu and memory of the job", minor: true },
  ];
  return list.filter((b): b is Binding => Boolean(b));
}
