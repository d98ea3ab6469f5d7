import { Command } from "commander";
import { isFinishedRun } from "../../common/states.ts";
import { connect, idArg, resolveJobId, withCommon, NotFound } from "../api.ts";
import { parseTimeout } from "../duration.ts";
import { ExitError, run as action, EXIT_REFUSED, UsageError } from "../errors.ts";
import { collectMeta, parseMeta, readPayloadFile } from "../run-values.ts";
import { age, formatData, formatTable, paint, printData, renderFields, renderTable, showList, stateStyle, type Column } from "../output.ts";


const RUN_FIELDS = `id jobId namespace jobVersion state status meta payload trigger scheduledAt idempotencyKey exitCode error message
  result changed hostname createdAt startedAt finishedAt retryOfRunId retriedByRunId nodeIds updatedAt
  responses { nodeId hostname status data changed error duration }
  agentStates { nodeId status error duration }
  timeline { timestamp event hostname nodeId message error }`;

interface Run {
  id: string;
  jobId: string;
  namespace: string;
  state: string;
  status: string;
  meta: Record<string, string>;
  payload: string | null;
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
  opts: {
    namespace?: string;
    idempotencyKey?: string;
    meta?: string[];
    payloadFile?: string;
    wait?: boolean;
    timeout?: string;
    server?: string;
    token?: string;
    output?: string;
  },
) {
  const timeoutMs = parseTimeout(opts.timeout, "--timeout");
  const meta = parseMeta(opts.meta);
  const payload = readPayloadFile(opts.payloadFile);
  const api = connect(opts);
  const { id: jobId, label } = await resolveJobId(api, job, opts.namespace);
  const { triggerRun } = await api.gql<{ triggerRun: { run: Run; created: boolean } }>(
    `mutation($jobId: ID!, $key: String, $meta: StringMap, $payload: String) {
      triggerRun(jobId: $jobId, idempotencyKey: $key, meta: $meta, payload: $payload) { created run { ${RUN_FIELDS} } }
    }`,
    { jobId, key: opts.idempotencyKey ?? null, meta, payload },
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

interface RunListPage {
  totalCount: number;
  totalItems: number;
  statusCounts: Record<string, number>;
  pageInfo: { hasNextPage: boolean };
  edges: { node: Run }[];
}

const LIST_RUNS = `query($jobId: ID, $namespace: String, $status: RunStatus, $state: RunState, $limit: Int, $offset: Int) {
  runList(jobId: $jobId, namespace: $namespace, status: $status, state: $state, limit: $limit, offset: $offset) {
    totalCount totalItems statusCounts { submitted processing completed failed partialFailure }
    pageInfo { hasNextPage }
    edges { node { ${RUN_FIELDS} } }
  }
}`;

/** "submitted 2, processing 0, completed 5, failed 1, partial_failure 0": the seed's status_counts, in its spelling. */
function statusCountsLine(c: Record<string, number>): string {
  return `submitted ${c.submitted}, processing ${c.processing}, completed ${c.completed}, failed ${c.failed}, partial_failure ${c.partialFailure}`;
}

function whole(flag: string, value: string | undefined): number | null {
  if (value === undefined) return null;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} must be a whole number, not "${value}"`);
  return Number(value);
}

async function list(
  job: string | undefined,
  opts: { namespace?: string; state?: string; status?: string; limit?: string; offset?: string; watch?: boolean; server?: string; token?: string; output?: string },
) {
  const api = connect(opts);
  // With a job: its runs (the newest 100 unless --limit). Without: every job's runs the token may read (the seed's default of 10).
  const jobId = job ? (await resolveJobId(api, job, opts.namespace)).id : null;
  const limit = whole("--limit", opts.limit) ?? (jobId ? 100 : null);
  const offset = whole("--offset", opts.offset);
  const columns: Column<Run>[] = jobId ? RUN_COLUMNS : [RUN_COLUMNS[0], { header: "NAMESPACE", value: (r) => r.namespace, drop: 5 }, { header: "JOB", value: (r) => r.jobId, drop: 6 }, RUN_COLUMNS[1], { header: "STATUS", value: (r) => r.status.toLowerCase(), drop: 7 }, ...RUN_COLUMNS.slice(2)];
  const render = async () => {
    const { runList } = await api.gql<{ runList: RunListPage }>(LIST_RUNS, {
      jobId,
      namespace: jobId ? null : (opts.namespace ?? null),
      status: opts.status ? opts.status.toUpperCase() : null,
      state: opts.state ? opts.state.toUpperCase() : null,
      limit,
      offset,
    });
    const items = runList.edges.map((e) => e.node);
    if (!api.human) {
      return formatData({ items, totalCount: runList.totalCount, totalItems: runList.totalItems, statusCounts: runList.statusCounts }, api.format, "run");
    }
    const counts = `${statusCountsLine(runList.statusCounts)}\n`;
    if (!items.length) return runList.totalItems === 0 ? "" : `no runs at offset ${offset ?? 0} of ${runList.totalItems}\n${counts}`;
    const from = (offset ?? 0) + 1;
    const shown = runList.totalItems > items.length ? `(runs ${from}-${from + items.length - 1} of ${runList.totalItems}, newest first)\n` : "";
    return formatTable(columns, items, api.format) + shown + counts;
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
      ["Status", r.status.toLowerCase()],
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
      ["Meta", Object.keys(r.meta).length ? Object.entries(r.meta).map(([k, v]) => `${k}=${v}`).join(", ") : undefined],
      ["Payload", r.payload === null ? undefined : `${Buffer.byteLength(r.payload, "utf8")} bytes`],
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
      .option("--meta <key=value>", "a value for one of the job's parameters (repeat for more); the process sees DROVER_META_<KEY>", collectMeta)
      .option("--payload-file <file>", 'the run\'s payload, read from this file ("-": stdin); the process finds it at $DROVER_PAYLOAD_FILE')
      .option("--wait", "wait until the run ends; exit 0 only if it SUCCEEDED")
      .option("--timeout <duration>", "with --wait: give up after this long (exit 1)")
      .action(action(trigger)),
  );
  cmd.addCommand(
    withCommon(new Command("ls"))
      .alias("list")
      .description("list runs newest first: a job's, or without a job every job's the token may read, with counts per status")
      .argument("[job]", "job name or id (job-…); omit it to list across jobs")
      .option("-n, --namespace <ns>", "namespace of a job given by name; without a job, only this namespace's runs")
      .option("--state <state>", "only runs in this state (PENDING, QUEUED, RUNNING, SUCCEEDED, FAILED, PARTIAL_FAILURE, CANCELLED)")
      .option("--status <status>", "only runs with this status: submitted, processing, completed, failed, partial_failure")
      .option("--limit <n>", "runs per page, 1-100 (default 10 across jobs, 100 for one job)")
      .option("--offset <n>", "skip this many of the newest runs")
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
