import { Command } from "commander";
import { isFinishedRun } from "../../common/states.ts";
import { connect, idArg, resolveJobId, withCommon, NotFound } from "../api.ts";
import { parseTimeout } from "../duration.ts";
import { ExitError, run as action, EXIT_REFUSED } from "../errors.ts";
import { age, formatData, formatTable, paint, printData, renderFields, renderTable, showList, stateStyle, type Column } from "../output.ts";


const RUN_FIELDS = `id jobId namespace jobVersion state trigger scheduledAt idempotencyKey exitCode error message
  result changed hostname createdAt startedAt finishedAt retryOfRunId retriedByRunId nodeIds updatedAt
  responses { nodeId hostname status data changed error duration }
  agentStates { nodeId status error duration }
  timeline { timestamp event hostname nodeId message error }`;

interface Run {
  id: string;
  jobId: string;
  state: string;
  trigger: string;
  jobVersion: number;
  exitCode: number | null;
  error: string | null;
  message: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  idempotencyKey: string | null;
  changed: boolean | null;
  result: unknown;
  retryOfRunId: string | null;
  retriedByRunId: string | null;
  responses: { nodeId: string; hostname: string | null; status: string; data: unknown; changed: boolean | null; error: string | null; duration: string | null }[];
  timeline: { timestamp: string; event: string; nodeId: string | null; message: string; error: string | null }[];
}

function took(r: Pick<Run, "startedAt" | "finishedAt" | "createdAt">): string {
  if (!r.startedAt) return "-";
  const ms = (r.finishedAt ? Date.parse(r.finishedAt) : Date.now()) - Date.parse(r.startedAt);
  if (ms < 1000) return `${ms}ms`;
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms / 1000)}s`;
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

function summary(r: Run): string {
  const exit = r.exitCode === null ? "" : `, exit code ${r.exitCode}`;
  const msg = r.message || r.error ? `: ${r.message || r.error}` : "";
  return `run ${r.id} ${paint(r.state, stateStyle(r.state))}${exit}${msg}\n`;
}

async function trigger(
  job: string,
  opts: { namespace?: string; idempotencyKey?: string; wait?: boolean; timeout?: string; server?: string; token?: string; output?: string },
) {
  const timeoutMs = parseTimeout(opts.timeout, "--timeout");
  const api = connect(opts);
  const { id: jobId, label } = await resolveJobId(api, job, opts.namespace);
  const { triggerRun } = await api.gql<{ triggerRun: { run: Run; created: boolean } }>(
    `mutation($jobId: ID!, $key: String) { triggerRun(jobId: $jobId, idempotencyKey: $key) { created run { ${RUN_FIELDS} } } }`,
    { jobId, key: opts.idempotencyKey ?? null },
  );
  let r = triggerRun.run;
  if (api.human) {
    process.stdout.write(`run ${r.id} of job ${label} ${triggerRun.created ? "created" : "already exists for this idempotency key"} (${r.state})\n`);
  }
  if (!opts.wait) {
    if (!api.human) printData(triggerRun, api.format, "run");
    return;
  }
  const deadline = timeoutMs === null ? Infinity : Date.now() + timeoutMs;
  let delay = 200;
  while (!isFinishedRun(r.state)) {
    if (Date.now() > deadline) throw new ExitError(EXIT_REFUSED, `run ${r.id} still ${r.state} after ${opts.timeout}`);
    await sleep(delay);
    delay = Math.min(1000, delay * 2);
    const data = await api.gql<{ run: Run | null }>(`query($id: ID!) { run(id: $id) { ${RUN_FIELDS} } }`, { id: r.id });
    if (!data.run) throw new NotFound(`run ${r.id} disappeared (was its job deleted?)`);
    // Progress: each new state once, until the summary line.
    if (api.human && data.run.state !== r.state && !isFinishedRun(data.run.state)) process.stdout.write(`run ${r.id} ${paint(data.run.state, stateStyle(data.run.state))}\n`);
    r = data.run;
  }
  if (!api.human) printData({ ...triggerRun, run: r }, api.format, "run");
  else process.stdout.write(summary(r));
  if (r.state !== "SUCCEEDED") throw new ExitError(EXIT_REFUSED);
}

const RUN_COLUMNS: Column<Run>[] = [
  { header: "RUN", value: (r) => r.id },
  { header: "STATE", value: (r) => r.state, style: (r) => stateStyle(r.state) },
  { header: "TRIGGER", value: (r) => r.trigger, drop: 1 },
  { header: "VER", value: (r) => String(r.jobVersion), align: "right", drop: 2 },
  { header: "EXIT", value: (r) => (r.exitCode === null ? "-" : String(r.exitCode)), align: "right", drop: 3 },
  { header: "AGE", value: (r) => age(r.createdAt) },
  { header: "TOOK", value: took, drop: 0 },
  { header: "NODES", value: (r) => r.responses.map((x) => x.nodeId).join(",") || "-", wide: true },
  { header: "KEY", value: (r) => r.idempotencyKey ?? "-", wide: true },
  { header: "MESSAGE", value: (r) => r.message || r.error || "", shrink: true, min: 10, drop: 4 },
];

async function list(job: string, opts: { namespace?: string; state?: string; watch?: boolean; server?: string; token?: string; output?: string }) {
  const api = connect(opts);
  const { id } = await resolveJobId(api, job, opts.namespace);
  const render = async () => {
    const { runs } = await api.gql<{ runs: { totalCount: number; edges: { node: Run }[] } }>(
      `query($id: ID!, $state: RunState) { runs(jobId: $id, state: $state, first: 100) { totalCount edges { node { ${RUN_FIELDS} } } } }`,
      { id, state: opts.state ? opts.state.toUpperCase() : null },
    );
    const items = runs.edges.map((e) => e.node);
    if (!api.human) return formatData({ items, totalCount: runs.totalCount }, api.format, "run");
    if (!items.length) return "";
    const more = runs.totalCount > items.length ? `(newest ${items.length} of ${runs.totalCount})\n` : "";
    return formatTable(RUN_COLUMNS, items, api.format) + more;
  };
  await showList(render, { watch: opts.watch, empty: "no runs" });
}

async function get(runArg: string, opts: { server?: string; token?: string; output?: string }) {
  const id = idArg("run", runArg);
  const api = connect(opts);
  const { run: r } = await api.gql<{ run: Run | null }>(`query($id: ID!) { run(id: $id) { ${RUN_FIELDS} } }`, { id });
  if (!r) throw new NotFound(`run ${id} not found`);
  if (!api.human) return printData(r, api.format, "run");
  process.stdout.write(
    renderFields([
      ["Run", r.id],
      ["Job", r.jobId],
      ["Version", r.jobVersion],
      ["State", paint(r.state, stateStyle(r.state))],
      ["Message", r.message],
      ["Error", r.error ?? undefined],
      ["Exit code", r.exitCode ?? undefined],
      ["Trigger", r.trigger],
      ["Idempotency key", r.idempotencyKey ?? undefined],
      ["Created", r.createdAt],
      ["Started", r.startedAt],
      ["Finished", r.finishedAt],
      ["Took", took(r)],
      ["Changed", r.changed === null ? undefined : String(r.changed)],
      ["Retry of", r.retryOfRunId ?? undefined],
      ["Retried by", r.retriedByRunId ?? undefined],
    ]),
  );
  if (r.responses.length) {
    process.stdout.write("\nResponses:\n");
    process.stdout.write(
      renderTable(
        [
          { header: "NODE", value: (x) => x.nodeId, shrink: true, min: 10 },
          { header: "STATUS", value: (x) => x.status, style: (x) => stateStyle(x.status.toUpperCase() === "COMPLETED" ? "SUCCEEDED" : x.status.toUpperCase()) },
          { header: "CHANGED", value: (x) => (x.changed === null ? "-" : String(x.changed)), drop: 2 },
          { header: "TOOK", value: (x) => x.duration ?? "-", drop: 1 },
          { header: "DATA / ERROR", value: (x) => x.error ?? (x.data === null || x.data === undefined ? "" : JSON.stringify(x.data)), shrink: true, min: 12, drop: 0 },
        ],
        r.responses,
      ),
    );
  }
  if (r.timeline.length) {
    process.stdout.write("\nTimeline:\n");
    process.stdout.write(
      renderTable(
        [
          { header: "TIME", value: (t) => t.timestamp.replace("T", " ").replace("Z", "") },
          { header: "EVENT", value: (t) => t.event },
          { header: "NODE", value: (t) => t.nodeId ?? "", shrink: true, min: 10, drop: 1 },
          { header: "MESSAGE", value: (t) => t.error ?? t.message, shrink: true, min: 10, drop: 0 },
        ],
        r.timeline,
      ),
    );
  }
}

async function cancel(runArg: string, opts: { reason?: string; server?: string; token?: string; output?: string }) {
  const id = idArg("run", runArg);
  const api = connect(opts);
  const { cancelRun } = await api.gql<{ cancelRun: Run }>(`mutation($id: ID!, $reason: String) { cancelRun(id: $id, reason: $reason) { ${RUN_FIELDS} } }`, {
    id,
    reason: opts.reason ?? null,
  });
  if (!api.human) return printData(cancelRun, api.format, "run");
  process.stdout.write(summary(cancelRun));
}

export function runCommand(): Command {
  const cmd = new Command("run").description("trigger and inspect runs of batch and broadcast jobs");
  cmd.addCommand(
    withCommon(new Command("trigger"))
      .description("start a run of a job now")
      .argument("<job>", "job name or id (job-…)")
      .option("-n, --namespace <ns>", "namespace of a job given by name (default: the context's, else default)")
      .option("--idempotency-key <key>", "the same key returns the same run")
      .option("--wait", "wait until the run ends; exit 0 only if it SUCCEEDED")
      .option("--timeout <duration>", "with --wait: give up after this long (exit 1)")
      .action(action(trigger)),
  );
  cmd.addCommand(
    withCommon(new Command("ls"))
      .alias("list")
      .description("list a job's runs, newest first")
      .argument("<job>", "job name or id (job-…)")
      .option("-n, --namespace <ns>", "namespace of a job given by name (default: the context's, else default)")
      .option("--state <state>", "only runs in this state")
      .option("-w, --watch", "show the list again whenever it changes (Ctrl-C quits)")
      .action(action(list)),
  );
  cmd.addCommand(
    withCommon(new Command("get"))
      .description("show a run with its per-node responses and timeline")
      .argument("<id>", "run id (run-…)")
      .action(action(get)),
  );
  cmd.addCommand(
    withCommon(new Command("cancel"))
      .description("cancel a PENDING, QUEUED or RUNNING run (its processes are killed)")
      .argument("<id>", "run id (run-…)")
      .option("--reason <text>", "why, recorded on the run")
      .action(action(cancel)),
  );
  return cmd;
}
