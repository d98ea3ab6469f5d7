import { Command } from "commander";
import { connect, idArg, NotFound, resolveJobId, withCommon, type Api, type CommonOptions } from "../api.ts";
import { run } from "../errors.ts";
import { age, formatData, formatTable, paint, printData, renderFields, showList, stateStyle, type Column } from "../output.ts";

export const EXECUTION_FIELDS = `id jobId namespace nodeId jobType jobVersion runId evalId deploymentId attempt exitCode
  computeState { stateType message details } desiredState { stateType message }
  previousExecutionId nextExecutionId startedAt finishedAt stableAt createdAt updatedAt`;

export interface Execution {
  id: string;
  jobId: string;
  namespace: string;
  nodeId: string;
  jobType: string;
  jobVersion: number;
  runId: string | null;
  attempt: number;
  exitCode: number | null;
  computeState: { stateType: string; message: string; details: Record<string, string> };
  desiredState: { stateType: string; message: string };
  previousExecutionId: string | null;
  nextExecutionId: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  stableAt: string | null;
  createdAt: string;
}

export const EXECUTION_COLUMNS: Column<Execution>[] = [
  { header: "EXECUTION", value: (e) => e.id },
  { header: "NODE", value: (e) => e.nodeId, shrink: true, min: 8 },
  { header: "VER", value: (e) => String(e.jobVersion), align: "right", drop: 2 },
  { header: "STATE", value: (e) => e.computeState.stateType, style: (e) => stateStyle(e.computeState.stateType) },
  { header: "DESIRED", value: (e) => e.desiredState.stateType, drop: 1 },
  { header: "EXIT", value: (e) => (e.exitCode === null ? "-" : String(e.exitCode)), align: "right", drop: 3, wide: true },
  { header: "ATTEMPT", value: (e) => String(e.attempt), align: "right", wide: true },
  { header: "RUN", value: (e) => e.runId ?? "-", wide: true },
  { header: "AGE", value: (e) => age(e.createdAt) },
  { header: "MESSAGE", value: (e) => e.computeState.message || e.desiredState.message, shrink: true, min: 10, drop: 0 },
];

/** Executions, newest last, filtered; the connection's newest page (100) when there are more. */
export async function fetchExecutions(api: Api, where: { jobId?: string; nodeId?: string; runId?: string; state?: string; namespace?: string }, last = 100): Promise<{ items: Execution[]; totalCount: number }> {
  const { executions } = await api.gql<{ executions: { totalCount: number; edges: { node: Execution }[] } }>(
    `query($namespace: String, $jobId: ID, $nodeId: ID, $runId: ID, $state: ExecutionComputeStateType, $last: Int) {
      executions(namespace: $namespace, jobId: $jobId, nodeId: $nodeId, runId: $runId, state: $state, last: $last) { totalCount edges { node { ${EXECUTION_FIELDS} } } } }`,
    { namespace: null, jobId: null, nodeId: null, runId: null, state: null, ...where, last },
  );
  return { items: executions.edges.map((e) => e.node), totalCount: executions.totalCount };
}

interface ListOpts extends CommonOptions {
  namespace?: string;
  job?: string;
  node?: string;
  run?: string;
  state?: string;
  watch?: boolean;
}

async function list(job: string | undefined, opts: ListOpts) {
  const api = connect(opts);
  const jobName = job ?? opts.job;
  const jobId = jobName ? (await resolveJobId(api, jobName, opts.namespace)).id : undefined;
  const where = {
    ...(jobId ? { jobId } : opts.namespace ? { namespace: opts.namespace } : {}),
    ...(opts.node ? { nodeId: idArg("node", opts.node) } : {}),
    ...(opts.run ? { runId: idArg("run", opts.run) } : {}),
    ...(opts.state ? { state: opts.state.toUpperCase() } : {}),
  };
  const render = async () => {
    const { items, totalCount } = await fetchExecutions(api, where);
    if (!api.human) return formatData({ items, totalCount }, api.format, "execution");
    if (!items.length) return "";
    const more = totalCount > items.length ? `(newest ${items.length} of ${totalCount})\n` : "";
    return formatTable(EXECUTION_COLUMNS, items, api.format) + more;
  };
  await showList(render, { watch: opts.watch, empty: "no executions" });
}

async function get(id: string, opts: CommonOptions) {
  const api = connect(opts);
  const execId = idArg("execution", id);
  const { execution: e } = await api.gql<{ execution: Execution | null }>(`query($id: ID!) { execution(id: $id) { ${EXECUTION_FIELDS} } }`, { id: execId });
  if (!e) throw new NotFound(`execution ${execId} not found`);
  if (!api.human) return printData(e, api.format, "execution");
  const details = Object.entries(e.computeState.details ?? {}).map(([k, v]) => `${k}=${v}`).join(", ");
  process.stdout.write(
    renderFields([
      ["Execution", e.id],
      ["Job", `${e.jobId} (${e.jobType}, v${e.jobVersion})`],
      ["Namespace", e.namespace],
      ["Node", e.nodeId],
      ["Run", e.runId ?? undefined],
      ["State", `${paint(e.computeState.stateType, stateStyle(e.computeState.stateType))}${e.computeState.message ? `: ${e.computeState.message}` : ""}`],
      ["Details", details || undefined],
      ["Desired", `${e.desiredState.stateType}${e.desiredState.message ? `: ${e.desiredState.message}` : ""}`],
      ["Exit code", e.exitCode ?? undefined],
      ["Attempt", e.attempt],
      ["Created", `${e.createdAt} (${age(e.createdAt)} ago)`],
      ["Started", e.startedAt],
      ["Healthy since", e.stableAt ?? undefined],
      ["Finished", e.finishedAt ?? undefined],
      ["Replaces", e.previousExecutionId ?? undefined],
      ["Replaced by", e.nextExecutionId ?? undefined],
    ]),
  );
}

export function executionCommand(): Command {
  const cmd = new Command("execution").alias("exec").description("list and inspect executions (one placement of a job version on a node)");
  cmd.addCommand(
    withCommon(new Command("ls"))
      .alias("list")
      .description("list executions, oldest first (the newest 100), of a job, a node or a run")
      .argument("[job]", "job name, NAMESPACE/NAME or id")
      .option("-n, --namespace <ns>", "namespace of a job given by name; without a job: only this namespace")
      .option("--node <id>", "only on this node")
      .option("--run <id>", "only of this run")
      .option("--state <state>", "only in this state (RUNNING, FAILED, ...)")
      .option("-w, --watch", "show the list again whenever it changes (Ctrl-C quits)")
      .action(run(list)),
  );
  cmd.addCommand(withCommon(new Command("get")).description("show one execution: states with messages, timings, what it replaced").argument("<id>", "execution id (exec-…)").action(run(get)));
  return cmd;
}
