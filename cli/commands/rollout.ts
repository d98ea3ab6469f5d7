import { Command } from "commander";
import { connect, resolveJobId, withCommon, type CommonOptions } from "../api.ts";
import { parseTimeout } from "../duration.ts";
import { ExitError, run } from "../errors.ts";
import { printData } from "../output.ts";
import { ROLLOUT_FIELDS, rolloutProgress, rolloutTitle, shownRollout, waitForRollout, type Rollout } from "../rollout-wait.ts";
import { rollbackCommand } from "./job.ts";

interface Opts extends CommonOptions {
  namespace?: string;
  timeout?: string;
}

async function status(job: string, opts: Opts) {
  const timeoutMs = parseTimeout(opts.timeout, "--timeout");
  const api = connect(opts);
  const { id, label } = await resolveJobId(api, job, opts.namespace);
  if (!api.human) {
    const { job: j } = await api.gql<{ job: { status: { rollout: Rollout | null; lastRollout: Rollout | null } } }>(
      `query($id: ID) { job(id: $id) { status { rollout { ${ROLLOUT_FIELDS} } lastRollout { ${ROLLOUT_FIELDS} } } } }`,
      { id },
    );
    return printData(shownRollout(j.status), api.format, "rollout");
  }
  // Like `kubectl rollout status`: follows the current rollout to its end.
  const code = await waitForRollout(api, id, label, { timeoutMs });
  if (code) throw new ExitError(code);
}

/** pause, resume and promote: one mutation each, answered with the rollout as it now is. */
function control(verb: "pause" | "resume" | "promote", mutation: string) {
  return async (job: string, opts: Opts) => {
    const api = connect(opts);
    const { id, label } = await resolveJobId(api, job, opts.namespace);
    const data = await api.gql<Record<string, Rollout>>(`mutation($id: ID!) { ${mutation}(jobId: $id) { ${ROLLOUT_FIELDS} } }`, { id });
    const r = data[mutation];
    if (!api.human) return printData(r, api.format, "rollout");
    const done = { pause: "paused", resume: "resumed", promote: "promoted" }[verb];
    process.stdout.write(`rollout of ${label} ${done}: ${rolloutTitle(r)} ${r.state.toLowerCase()}, ${r.message} [${rolloutProgress(r)}]\n`);
  };
}

async function restart(job: string, opts: Opts & { wait?: boolean }) {
  const timeoutMs = parseTimeout(opts.timeout, "--timeout");
  const api = connect(opts);
  const { id, label } = await resolveJobId(api, job, opts.namespace);
  const before = await api.gql<{ job: { status: { rollout: { id: string } | null; lastRollout: { id: string } | null } } }>(
    `query($id: ID) { job(id: $id) { status { rollout { id } lastRollout { id } } } }`,
    { id },
  );
  const { restartJob } = await api.gql<{ restartJob: { status: { version: number; state: { stateType: string } } } }>(
    `mutation($id: ID!) { restartJob(jobId: $id) { status { version state { stateType } } } }`,
    { id },
  );
  if (!api.human) printData(restartJob, api.format);
  else process.stdout.write(`job ${label} restarting: every execution of v${restartJob.status.version} is replaced (${restartJob.status.state.stateType})\n`);
  if (opts.wait) {
    const code = await waitForRollout(api, id, label, { previous: shownRollout(before.job.status)?.id ?? null, timeoutMs });
    if (code) throw new ExitError(code);
  }
}

function jobArg(cmd: Command): Command {
  return withCommon(cmd)
    .argument("<job>", "job name, NAMESPACE/NAME or id (job-…)")
    .option("-n, --namespace <ns>", "namespace of a job given by name (default: the context's, else default)");
}

export function rolloutCommand(): Command {
  const cmd = new Command("rollout").description("follow and steer the rollouts of long-running jobs");
  cmd.addCommand(
    jobArg(new Command("status"))
      .description("follow the job's current rollout until it ends; exit 0 when it succeeded or paused, 1 when it failed or was rolled back")
      .option("--timeout <duration>", 'give up after this long (exit 1), e.g. "5m"')
      .action(run(status)),
  );
  for (const [verb, mutation, description] of [
    ["pause", "pauseRollout", "hold the rollout after its current wave"],
    ["resume", "resumeRollout", "let a paused rollout continue"],
    ["promote", "promoteRollout", "let a healthy canary waiting for promotion continue as a rolling update"],
  ] as const) {
    cmd.addCommand(jobArg(new Command(verb)).description(description).action(run(control(verb, mutation))));
  }
  cmd.addCommand(
    jobArg(new Command("restart"))
      .description("replace every execution of the current version, wave by wave per the deployment strategy")
      .option("--wait", "follow the restart until it ends")
      .option("--timeout <duration>", 'with --wait: give up after this long (exit 1), e.g. "5m"')
      .action(run(restart)),
  );
  cmd.addCommand(rollbackCommand());
  return cmd;
}
