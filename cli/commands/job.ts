import fs from "node:fs";
import { Command } from "commander";
import { RemoteError } from "../../client/graphql-http.ts";
import { confirmOrExit } from "../confirm.ts";
import { parseTimeout } from "../duration.ts";
import { shownRollout, waitForRollout, type Rollout } from "../rollout-wait.ts";
import { describeCommand } from "./job-describe.ts";
import { scheduleCommands } from "./job-schedule.ts";
import { formatBytes, formatCores } from "../../common/quantity.ts";
import { connect, jobRef, NotFound, resolveJobId, withCommon, JOB_FIELDS, SPEC_FIELDS, type Api } from "../api.ts";
import { ExitError, UsageError, exitCodeOf, formatError, run, EXIT_REFUSED, EXIT_USAGE } from "../errors.ts";
import { age, formatData, formatLabels, formatTable, terminalWidth, truncate, paint, printData, renderFields, renderTable, showList, stateStyle, type Column } from "../output.ts";
import { readSpecs, toSubmitInput } from "../seed-spec.ts";

export interface JobRow {
  id: string;
  name: string;
  namespace: string;
  type: string;
  spec: Record<string, any>;
  status: {
    state: { stateType: string; message: string; details?: Record<string, string> };
    version: number;
    revision: number;
    rollout?: Rollout | null;
    lastRollout?: Rollout | null;
    [k: string]: any;
  };
}

interface WritePayload {
  job: { id: string; name: string; namespace: string; status: { version: number; revision: number } } | null;
  spec: { name: string; namespace: string };
  diff: { path: string; before: unknown; after: unknown }[];
  created: boolean;
  changed: boolean;
  versionChanged: boolean;
  dryRun: boolean;
  plan: { place: string[]; stop: string[]; explanation: { sentence?: string } | null } | null;
}

const SUBMIT = `mutation($input: SubmitJobInput!) { submitJob(input: $input) {
  job { id name namespace status { version revision } }
  spec { name namespace } diff { path before after }
  created changed versionChanged dryRun plan { place stop explanation } } }`;

function short(v: unknown): string {
  if (v === undefined || v === null) return "(none)";
  const s = typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 59)}…` : s;
}

function describeWrite(p: WritePayload): string {
  const name = `${p.spec.namespace}/${p.spec.name}`;
  const what = p.created ? "created" : p.changed ? "updated" : "unchanged";
  const version = p.job ? ` (version ${p.job.status.version}, revision ${p.job.status.revision})` : "";
  const lines = [p.dryRun ? `job ${name} would be ${what === "unchanged" ? "left unchanged" : what} (dry run)${version}` : `job ${name} ${what}${version}`];
  // A new job's diff is its whole spec: shown with -o json/yaml, not here.
  if (!p.created) for (const d of p.diff) lines.push(`  ${d.path}: ${short(d.before)} → ${short(d.after)}`);
  if (p.dryRun && p.plan) {
    lines.push(`  plan: place on ${p.plan.place.length ? p.plan.place.join(", ") : "no node"}; stop ${p.plan.stop.length ? p.plan.stop.join(", ") : "nothing"}`);
    const sentence = p.plan.explanation?.sentence;
    if (sentence) lines.push(`  explanation: ${sentence}`);
  }
  return `${lines.join("\n")}\n`;
}

interface ApplyOptions {
  file: string;
  dryRun?: boolean;
  force?: boolean;
  wait?: boolean;
  timeout?: string;
  server?: string;
  token?: string;
  context?: string;
  output?: string;
}

async function apply(opts: ApplyOptions) {
  if (opts.wait && opts.dryRun) throw new UsageError("--wait follows a rollout; a --dry-run starts none");
  const timeoutMs = parseTimeout(opts.timeout, "--timeout");
  let text: string;
  try {
    text = opts.file === "-" ? fs.readFileSync(0, "utf8") : fs.readFileSync(opts.file, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read ${opts.file}: ${(err as Error).message}`);
  }
  const specs = readSpecs(text, opts.file);
  const api = connect(opts);
  const results: WritePayload[] = [];
  let worst = 0;
  for (const spec of specs) {
    const label = typeof spec.name === "string" ? `job ${typeof spec.namespace === "string" ? spec.namespace : api.namespace}/${spec.name}: ` : "";
    try {
      // A spec without a namespace goes to the context's namespace, as every other command does.
      const input = { namespace: api.namespace, ...toSubmitInput(spec), ...(opts.dryRun ? { dryRun: true } : {}), ...(opts.force ? { force: true } : {}) };
      const before = opts.wait ? await currentRollout(api, input as { namespace: string; name?: string }) : undefined;
      const { submitJob } = await api.gql<{ submitJob: WritePayload }>(SUBMIT, { input });
      results.push(submitJob);
      if (api.human) process.stdout.write(describeWrite(submitJob));
      if (opts.wait && submitJob.job) {
        const name = `${submitJob.job.namespace}/${submitJob.job.name}`;
        // Unchanged: report the current rollout; changed: wait for the one the change starts.
        const code = await waitForRollout(api, submitJob.job.id, name, {
          previous: submitJob.changed || opts.force ? before : undefined,
          version: submitJob.changed ? submitJob.job.status.version : undefined,
          timeoutMs,
        });
        worst = Math.max(worst, code);
      }
    } catch (err) {
      const code = exitCodeOf(err);
      process.stderr.write(`${formatError(err).replace(/^error: /, `error: ${label}`)}\n`);
      worst = Math.max(worst, code);
      if (code === EXIT_USAGE) break; // cannot connect or not authenticated: the rest would fail the same way
    }
  }
  if (!api.human) printData(results.length === 1 ? results[0] : { items: results }, api.format);
  if (worst) throw new ExitError(worst);
}

/** The id of the rollout a job shows before a write, in progress or ended (null: none, or no such job yet). */
async function currentRollout(api: Api, input: { namespace: string; name?: string }): Promise<string | null> {
  if (!input.name) return null;
  const { job } = await api.gql<{ job: { status: { rollout: { id: string } | null; lastRollout: { id: string } | null } } | null }>(
    `query($namespace: String, $name: String) { job(namespace: $namespace, name: $name) { status { rollout { id } lastRollout { id } } } }`,
    { namespace: input.namespace, name: input.name },
  );
  return job ? (shownRollout(job.status)?.id ?? null) : null;
}

/** "update v2 succeeded 3/3". */
function rolloutCell(r: { type: string; toVersion: number; state: string; updatedNodes: number; totalNodes: number } | null): string {
  return r ? `${r.type.toLowerCase()} v${r.toVersion} ${r.state.toLowerCase()} ${r.updatedNodes}/${r.totalNodes}` : "-";
}

const JOB_COLUMNS: Column<JobRow>[] = [
  { header: "NAME", value: (j) => j.name, shrink: true, min: 12 },
  { header: "NAMESPACE", value: (j) => j.namespace, shrink: true, min: 9, drop: 2 },
  { header: "TYPE", value: (j) => j.type, drop: 3 },
  { header: "STATE", value: (j) => j.status.state.stateType, style: (j) => stateStyle(j.status.state.stateType) },
  { header: "VER", value: (j) => String(j.status.version), align: "right", drop: 4 },
  { header: "REV", value: (j) => String(j.status.revision), align: "right", drop: 1 },
  { header: "ROLLOUT", value: (j) => rolloutCell(shownRollout(j.status)), wide: true },
  { header: "LABELS", value: (j) => formatLabels(j.spec.labels) || "-", wide: true },
  { header: "AGE", value: (j) => age(j.status.createdAt), wide: true },
  { header: "ID", value: (j) => j.id, wide: true },
  { header: "MESSAGE", value: (j) => j.status.state.message, shrink: true, min: 10, drop: 0 },
];

async function list(opts: { namespace?: string; workspace?: string; allNamespaces?: boolean; state?: string; type?: string; selector?: string; watch?: boolean; server?: string; token?: string; context?: string; output?: string }) {
  const api = connect(opts);
  // -n, else the context's namespace, else every namespace (-A: every namespace whatever the context says).
  // --workspace: every project of a workspace (and the workspace's own flat namespace).
  const namespace = opts.allNamespaces || opts.workspace ? (opts.namespace ?? null) : (opts.namespace ?? api.target.namespace ?? null);
  const render = async () => {
    const jobs: JobRow[] = [];
    let after: string | null = null;
    let totalCount = 0;
    // Pages of 50: a page of full jobs stays within the server's per-operation cost limit.
    for (;;) {
      const data: { jobs: { edges: { node: JobRow }[]; totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await api.gql(
        `query($namespace: String, $workspace: String, $state: JobStateType, $type: JobType, $selector: String, $after: String) {
          jobs(namespace: $namespace, workspace: $workspace, state: $state, type: $type, selector: $selector, first: 50, after: $after) {
            totalCount pageInfo { hasNextPage endCursor } edges { node { ${JOB_FIELDS} } } } }`,
        {
          namespace,
          workspace: opts.workspace ?? null,
          state: opts.state ? opts.state.toUpperCase() : null,
          type: opts.type ? opts.type.toUpperCase() : null,
          selector: opts.selector ?? null,
          after,
        },
      );
      jobs.push(...data.jobs.edges.map((e) => e.node));
      totalCount = data.jobs.totalCount;
      if (!data.jobs.pageInfo.hasNextPage || !data.jobs.pageInfo.endCursor) break;
      after = data.jobs.pageInfo.endCursor;
    }
    if (!api.human) return formatData({ items: jobs, totalCount }, api.format);
    return jobs.length ? formatTable(JOB_COLUMNS, jobs, api.format) : "";
  };
  await showList(render, { watch: opts.watch, empty: "no jobs" });
}

export async function fetchJob(api: Api, nameOrId: string, namespace?: string): Promise<JobRow> {
  const ref = jobRef(nameOrId, namespace ?? api.namespace);
  const data = await api.gql<{ job: JobRow | null }>(`query($id: ID, $namespace: String, $name: String) { job(id: $id, namespace: $namespace, name: $name) { ${JOB_FIELDS} } }`, ref);
  if (!data.job) throw new NotFound(ref.id ? `job ${ref.id} not found` : `job ${ref.namespace}/${ref.name} not found`);
  return data.job;
}

/** The Rollout line of `job get`: the rollout in progress, else the last one with its final state. */
function rolloutLine(r: Rollout | null): string | undefined {
  return r ? `${r.type} ${r.state} v${r.fromVersion}→v${r.toVersion} wave ${r.currentWave}/${r.totalWaves} ${r.message}` : undefined;
}

export function describeJob(j: JobRow): string {
  const s = j.spec;
  const st = j.status;
  const sel = [formatLabels(s.selector.matchLabels), ...(s.selector.matchExpressions ?? []), ...(s.selector.matchIds ?? []).map((id: string) => `id=${id}`)].filter(Boolean).join(",");
  const runs = st.runCounts;
  return renderFields([
    ["Name", j.name],
    ["Namespace", j.namespace],
    ["ID", j.id],
    ["Type", j.type],
    ["State", paint(st.state.stateType, stateStyle(st.state.stateType))],
    ["Message", st.state.message],
    ["Details", Object.entries(st.state.details ?? {}).map(([k, v]) => `${k}=${v}`).join(", ") || undefined],
    ["Version", st.version],
    ["Revision", st.revision],
    ["Created", `${st.createdAt} (${age(st.createdAt)} ago)`],
    ["Updated", `${st.updatedAt} (${age(st.updatedAt)} ago)`],
    ["Description", s.description],
    ["Labels", formatLabels(s.labels)],
    ["Selector", sel || "(every node)"],
    ["Priority", s.priority],
    ["Requests", s.resources ? [s.resources.cpu != null ? formatCores(s.resources.cpu) : "", s.resources.memory != null ? `${formatBytes(s.resources.memory)} memory` : ""].filter(Boolean).join(", ") + " per execution" : undefined],
    ["Run", s.image ? `image ${s.image}${s.command ? ` ${s.command}` : ""}` : s.command ?? (s.args ? JSON.stringify(s.args) : null)],
    ["Config", Object.keys(s.config ?? {}).length ? truncate(JSON.stringify(s.config), Math.max(20, terminalWidth() - 14)) : null],
    ["Deployment", `${s.deployment.strategy.toLowerCase()}${s.deployment.maxParallel ? `, ${s.deployment.maxParallel} at a time` : ""}`],
    ["Restart", `${s.restartPolicy.policy.toLowerCase()} (max ${s.restartPolicy.maxRetries}, backoff ${s.restartPolicy.backoff}-${s.restartPolicy.maxBackoff})`],
    ["Schedule", s.schedule ? `${s.schedule} ${s.timeZone}, ${st.scheduleSuspended ? "suspended (drover job resume continues it)" : `next ${st.nextFireAt ?? "-"}`}` : undefined],
    ["Rollout", rolloutLine(shownRollout(st))],
    ["Latest run", st.latestRun ? `${st.latestRun.id} ${st.latestRun.state} ${st.latestRun.message}` : undefined],
    ["Runs", runs.total ? `${runs.total} total: ${runs.succeeded} succeeded, ${runs.failed} failed, ${runs.partialFailure} partial, ${runs.running} running, ${runs.queued + runs.pending} waiting, ${runs.cancelled} cancelled` : undefined],
  ]);
}

async function get(nameOrId: string, opts: { namespace?: string; server?: string; token?: string; output?: string }) {
  const api = connect(opts);
  const job = await fetchJob(api, nameOrId, opts.namespace);
  if (!api.human) return printData(job, api.format);
  process.stdout.write(describeJob(job));
}

async function stop(nameOrId: string, opts: { namespace?: string; reason?: string; server?: string; token?: string; output?: string }) {
  const api = connect(opts);
  const { stopJob } = await api.gql<{ stopJob: { job: JobRow; seq: number | null } }>(
    `mutation($id: ID, $namespace: String, $name: String, $reason: String) { stopJob(id: $id, namespace: $namespace, name: $name, reason: $reason) { seq job { ${JOB_FIELDS} } } }`,
    { ...jobRef(nameOrId, opts.namespace ?? api.namespace), reason: opts.reason ?? null },
  );
  if (!api.human) return printData(stopJob, api.format);
  process.stdout.write(`job ${stopJob.job.namespace}/${stopJob.job.name} stopped (${stopJob.job.status.state.stateType})\n`);
}

async function remove(nameOrId: string, opts: { namespace?: string; yes?: boolean; server?: string; token?: string; output?: string }) {
  const api = connect(opts);
  const { id, label } = await resolveJobId(api, nameOrId, opts.namespace);
  await confirmOrExit(`delete job ${label} with its versions, executions, runs and logs?`, { yes: opts.yes, what: `delete job ${label}` });
  const { deleteJob } = await api.gql<{ deleteJob: { jobId: string; seq: number } }>(`mutation($id: ID) { deleteJob(id: $id) { jobId seq } }`, { id });
  if (!api.human) return printData(deleteJob, api.format);
  process.stdout.write(`job ${label} deleted\n`);
}

async function versions(nameOrId: string, opts: { namespace?: string; server?: string; token?: string; output?: string }) {
  const api = connect(opts);
  const { id } = await resolveJobId(api, nameOrId, opts.namespace);
  type Version = { id: string; version: number; sourceVersion: number | null; createdAt: string; spec: Record<string, any> };
  const { jobVersions } = await api.gql<{ jobVersions: Version[] }>(
    `query($id: ID!) { jobVersions(jobId: $id) { id version sourceVersion createdAt spec { ${SPEC_FIELDS} } } }`,
    { id },
  );
  if (!api.human) return printData({ items: jobVersions }, api.format, "version");
  const cols: Column<Version>[] = [
    { header: "VERSION", value: (v) => String(v.version), align: "right" },
    { header: "CREATED", value: (v) => v.createdAt, drop: 2 },
    { header: "AGE", value: (v) => age(v.createdAt) },
    { header: "SOURCE", value: (v) => (v.sourceVersion ? `v${v.sourceVersion}` : "-"), drop: 1 },
    { header: "RUNS", value: (v) => (v.spec.image ? `image ${v.spec.image}` : v.spec.command ?? (v.spec.args ? v.spec.args.join(" ") : "-")), shrink: true, min: 10, drop: 0 },
  ];
  process.stdout.write(renderTable(cols, jobVersions));
}

async function rollback(nameOrId: string, opts: { namespace?: string; toVersion?: string; yes?: boolean; wait?: boolean; timeout?: string; server?: string; token?: string; context?: string; output?: string }) {
  const to = opts.toVersion === undefined ? null : Number(opts.toVersion);
  if (to !== null && (!Number.isInteger(to) || to < 1)) throw new UsageError(`--to-version must be a version number (1, 2, ...), not "${opts.toVersion}"`);
  const timeoutMs = parseTimeout(opts.timeout, "--timeout");
  const api = connect(opts);
  const job = await fetchJob(api, nameOrId, opts.namespace);
  const label = `${job.namespace}/${job.name}`;
  const target = to === null ? "the newest version whose rollout completed" : `v${to}`;
  await confirmOrExit(`roll back job ${label} (now v${job.status.version}) to ${target}? It becomes v${job.status.version + 1}.`, {
    yes: opts.yes,
    what: `roll back job ${label}`,
  });
  const before = shownRollout(job.status)?.id ?? null;
  let rollbackJob: JobRow;
  try {
    ({ rollbackJob } = await api.gql<{ rollbackJob: JobRow }>(`mutation($id: ID!, $to: Int) { rollbackJob(jobId: $id, toVersion: $to) { ${JOB_FIELDS} } }`, { id: job.id, to }));
  } catch (err) {
    // The server's refusal (no such version, already that spec, ...) is the answer: said as a sentence, exit 1.
    if (err instanceof RemoteError && err.code && err.code !== "UNAUTHENTICATED") {
      throw new ExitError(EXIT_REFUSED, `cannot roll back job ${label}: ${err.message} (${err.code})`);
    }
    throw err;
  }
  if (!api.human) printData(rollbackJob, api.format);
  else process.stdout.write(`job ${label} rolling back: now v${rollbackJob.status.version} (${rollbackJob.status.state.stateType})\n`);
  if (opts.wait) {
    const code = await waitForRollout(api, job.id, label, { previous: before, timeoutMs });
    if (code) throw new ExitError(code);
  }
}

/** `job rollback`, also `rollout rollback`. */
export function rollbackCommand(): Command {
  return withCommon(new Command("rollback"))
    .description("roll back to a version (default: the newest one whose rollout completed); it becomes version N+1")
    .argument("<job>", "job name, NAMESPACE/NAME or id (job-…)")
    .option("-n, --namespace <ns>", "namespace of a job given by name (default: the context's, else default)")
    .option("--to-version <n>", "the version to return to")
    .option("-y, --yes", "do not ask for confirmation (required without a terminal)")
    .option("--wait", "follow the rollback's rollout until it ends")
    .option("--timeout <duration>", 'with --wait: give up after this long (exit 1), e.g. "5m"')
    .action(run(rollback));
}

export function jobCommand(): Command {
  const job = new Command("job").description("submit, list, inspect, stop and delete jobs");
  job.addCommand(
    withCommon(new Command("apply"))
      .description("create or update jobs from a YAML or JSON file (a spec, a seed item {id, spec, status}, or {items: [...]})")
      .requiredOption("-f, --file <file>", "spec file, - for stdin")
      .option("--dry-run", "validate and show the diff and the scheduler's plan without writing")
      .option("--force", "re-apply an unchanged spec (restart; the version does not change)")
      .option("--wait", "follow the rollout the change starts; exit 1 if it fails, is rolled back or superseded")
      .option("--timeout <duration>", 'with --wait: give up after this long (exit 1), e.g. "5m"')
      .action(run(apply)),
  );
  job.addCommand(
    withCommon(new Command("ls"))
      .alias("list")
      .description("list jobs (every namespace unless -n or the context's namespace)")
      .option("-n, --namespace <ns>", "only this namespace")
      .option("--state <state>", "only jobs in this state (RUNNING, FAILED, ...)")
      .option("--type <type>", "only jobs of this type (SERVICE, BATCH, PIPELINE, ...)")
      .option("-A, --all-namespaces", "every namespace, whatever the context's namespace")
      .option("--workspace <workspace>", "every project of a workspace (acme: acme/web, acme/api, ...)")
      .option("-l, --selector <selector>", 'label selector over job labels, e.g. "env=prod,tier in (a,b),!gpu"')
      .option("-w, --watch", "show the list again whenever it changes (Ctrl-C quits)")
      .action(run(list)),
  );
  for (const [name, description, fn] of [
    ["get", "show a job's spec summary and status", get],
    ["stop", "stop every execution of a job (apply the spec again to start it)", stop],
    ["versions", "list a job's versions, newest first", versions],
  ] as const) {
    const cmd = withCommon(new Command(name))
      .description(description)
      .argument("<job>", "job name or id (job-…)")
      .option("-n, --namespace <ns>", "namespace of a job given by name (default: the context's, else default)");
    if (name === "stop") cmd.option("--reason <text>", "why, recorded with the stop");
    job.addCommand(cmd.action(run(fn as (a: string, o: object) => Promise<void>)));
  }
  job.addCommand(describeCommand());
  job.addCommand(rollbackCommand());
  for (const cmd of scheduleCommands()) job.addCommand(cmd);
  job.addCommand(
    withCommon(new Command("delete"))
      .alias("rm")
      .description("delete a job with its versions, executions, runs, logs and events (irreversible)")
      .argument("<job>", "job name or id (job-…)")
      .option("-n, --namespace <ns>", "namespace of a job given by name (default: the context's, else default)")
      .option("-y, --yes", "do not ask for confirmation")
      .action(run(remove)),
  );
  return job;
}
