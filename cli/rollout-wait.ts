import type { Api } from "./api.ts";
import { NotFound } from "./api.ts";
import { EXIT_OK, EXIT_REFUSED } from "./errors.ts";
import { paint, stateStyle, useColor } from "./output.ts";

export interface Rollout {
  id: string;
  type: string;
  state: string;
  strategy: string;
  fromVersion: number;
  toVersion: number;
  currentWave: number;
  totalWaves: number;
  totalNodes: number;
  updatedNodes: number;
  failedNodes: number;
  canaryNodes: string[];
  canaryPromoted: boolean;
  rollbackToVersion: number;
  message: string;
  startedAt: string;
  completedAt: string | null;
}

export const ROLLOUT_FIELDS = `id type state strategy fromVersion toVersion currentWave totalWaves totalNodes updatedNodes
  failedNodes canaryNodes canaryPromoted rollbackToVersion message startedAt completedAt`;

/**
 * The rollout a command shows: the one in progress, else the one that ended
 * last (the server shows `rollout` only while one is in progress and keeps the
 * ended one as `lastRollout`).
 */
export function shownRollout<R>(status: { rollout?: R | null; lastRollout?: R | null }): R | null {
  return status.rollout ?? status.lastRollout ?? null;
}

/** Job types that deploy through rollouts; the others run on demand or on a schedule. */
export const LONG_RUNNING = new Set(["SERVICE", "PIPELINE"]);

interface Observed {
  type: string;
  status: { version: number; state: { stateType: string; message: string }; rollout: Rollout | null; lastRollout: Rollout | null };
}

const POLL_MS = 500;

async function observe(api: Api, jobId: string): Promise<Observed | null> {
  const { job } = await api.gql<{ job: Observed | null }>(
    `query($id: ID) { job(id: $id) { type status { version state { stateType message } rollout { ${ROLLOUT_FIELDS} } lastRollout { ${ROLLOUT_FIELDS} } } } }`,
    { id: jobId },
  );
  return job;
}

/** Whether the scheduler still has work queued for the job (a rollout may yet start). */
async function pendingEvaluations(api: Api, jobId: string): Promise<number> {
  const data = await api.gql<{ pending: { totalCount: number }; running: { totalCount: number } }>(
    `query($id: ID) { pending: evaluations(jobId: $id, status: PENDING, first: 1) { totalCount } running: evaluations(jobId: $id, status: RUNNING, first: 1) { totalCount } }`,
    { id: jobId },
  );
  return data.pending.totalCount + data.running.totalCount;
}

/** The version whose spec a rollback version took. */
async function sourceVersion(api: Api, jobId: string, version: number): Promise<number | null> {
  const { jobVersions } = await api.gql<{ jobVersions: { version: number; sourceVersion: number | null }[] }>(
    `query($id: ID!) { jobVersions(jobId: $id) { version sourceVersion } }`,
    { id: jobId },
  );
  return jobVersions.find((v) => v.version === version)?.sourceVersion ?? null;
}

/** "update v1→v2 (rolling)". */
export function rolloutTitle(r: Rollout): string {
  const versions = r.type === "RESTART" ? `v${r.toVersion}` : `v${r.fromVersion}→v${r.toVersion}`;
  return `${r.type.toLowerCase()} ${versions} (${r.strategy.toLowerCase()})`;
}

/** "wave 2/3 · 4/6 updated · 0 failed". */
export function rolloutProgress(r: Rollout): string {
  const canary = r.canaryNodes.length ? ` · canary ${r.canaryNodes.join(",")}${r.canaryPromoted ? " promoted" : ""}` : "";
  return `wave ${r.currentWave}/${r.totalWaves} · ${r.updatedNodes}/${r.totalNodes} updated · ${r.failedNodes} failed${canary}`;
}

export interface WaitOptions {
  /** The rollout shown before a write (in progress or the last that ended): a new one is waited for. Undefined: follow the current one. */
  previous?: string | null;
  /** The version the write made: a rollback past it means its rollout failed (it may end before it is seen). */
  version?: number;
  /** Give up (exit 1) after this many milliseconds. */
  timeoutMs?: number | null;
}

/**
 * Follows a job's rollout until it ends, printing each step once, and returns
 * the exit code: 0 when it succeeded (or paused, waiting for promote or resume,
 * which a script continues with `drover rollout promote|resume`), 1 when it
 * failed, was superseded, rolled back, or the wait timed out.
 */
export async function waitForRollout(api: Api, jobId: string, label: string, opts: WaitOptions = {}): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const color = useColor();
  const deadline = opts.timeoutMs ? Date.now() + opts.timeoutMs : Number.POSITIVE_INFINITY;
  let last = "";
  let idlePolls = 0;
  for (;;) {
    const job = await observe(api, jobId);
    if (!job) throw new NotFound(`job ${label} was deleted`);
    if (!LONG_RUNNING.has(job.type)) {
      out(`job ${label} is a ${job.type} job: it has no rollouts (it runs with \`drover run trigger\` or its schedule)`);
      return EXIT_OK;
    }
    const r = shownRollout(job.status);
    const fresh = r && (opts.previous === undefined || r.id !== opts.previous);
    if (!fresh) {
      // Nothing new yet: the scheduler may not have taken the change, or it applies in place.
      if ((await pendingEvaluations(api, jobId)) === 0 && ++idlePolls >= 2) {
        if (!r) out(`job ${label} has no rollout yet (${job.status.state.stateType}: ${job.status.state.message})`);
        else out(`no new rollout: the change applies in place (version ${job.status.version}); the last rollout, ${rolloutTitle(r)}, ${r.state.toLowerCase()}`);
        return r && r.state === "FAILED" && opts.previous === undefined ? EXIT_REFUSED : EXIT_OK;
      }
    } else if (opts.version !== undefined && r.type === "ROLLBACK" && r.fromVersion === opts.version) {
      // The rollout of the written version halted and the automatic rollback replaced it between two polls.
      const source = await sourceVersion(api, jobId, r.toVersion);
      out(`rollout of ${label} v${opts.version} ${paint("failed", "red", color)}: rolled back to v${source ?? "?"}`);
      return EXIT_REFUSED;
    } else {
      idlePolls = 0;
      const line = `rollout ${rolloutTitle(r)}: ${r.message || r.state.toLowerCase()}`;
      if (line !== last) {
        out(`${line} ${paint(`[${rolloutProgress(r)}]`, "dim", color)}`);
        last = line;
      }
      if (r.state === "SUCCEEDED") {
        out(`rollout of ${label} v${r.toVersion} ${paint("succeeded", stateStyle("SUCCEEDED"), color)}`);
        return EXIT_OK;
      }
      if (r.state === "FAILED") {
        const back = /rolling back to v(\d+)/.exec(r.message);
        if (back && opts.previous === undefined) {
          // `rollout status`: the current rollout is the rollback that is about to start; follow that.
          opts = { ...opts, previous: r.id };
          continue;
        }
        out(`rollout of ${label} v${r.toVersion} ${paint("failed", "red", color)}${back ? `: rolled back to v${back[1]}` : ""}`);
        return EXIT_REFUSED;
      }
      if (r.state === "CANCELLED") {
        out(`rollout of ${label} v${r.toVersion} ${paint("was superseded", "red", color)} by a newer change`);
        return EXIT_REFUSED;
      }
      if (r.state === "PAUSED") {
        const next = r.strategy === "canary" && r.currentWave === 1 && !r.canaryPromoted ? "promote" : "resume";
        out(`rollout of ${label} v${r.toVersion} is paused: \`drover rollout ${next} ${label}\` continues it`);
        return EXIT_OK;
      }
    }
    if (Date.now() > deadline) {
      out(`rollout of ${label} still ${r?.state.toLowerCase() ?? "not started"} after the timeout`);
      return EXIT_REFUSED;
    }
    await new Promise((res) => setTimeout(res, POLL_MS));
  }
}
