import { formatBytes } from "../../common/units.ts";
import { Command } from "commander";
import { isActiveCompute } from "../../common/states.ts";
import { connect, resolveJobId, withCommon, type Api, type CommonOptions } from "../api.ts";
import { run } from "../errors.ts";
import { formatData, formatTable, showList, type Column } from "../output.ts";
import { fetchExecutions } from "./execution.ts";

interface Usage {
  name: string;
  detail: string;
  cpu: number | null;
  memory: number | null;
}

/** The newest cpu (cores) and memory (bytes) of a job or an execution, from the last minute. */
async function usage(api: Api, where: { jobId?: string; executionId?: string }): Promise<{ cpu: number | null; memory: number | null }> {
  const { metrics } = await api.gql<{ metrics: { name: string; status: string; points: { value: number }[] }[] }>(
    `query($jobId: ID, $executionId: ID) { metrics(jobId: $jobId, executionId: $executionId, names: ["cpu_usage", "memory_usage"], since: "1m", step: "10s") { name status points { value } } }`,
    { jobId: null, executionId: null, ...where },
  );
  const last = (name: string) => metrics.find((m) => m.name === name && m.status === "success")?.points.at(-1)?.value ?? null;
  return { cpu: last("cpu_usage"), memory: last("memory_usage") };
}

/** "1.2 GiB", "340 MiB". */
export function bytes(n: number | null): string {
  return formatBytes(n);
}

/** Cores as millicores, like kubectl top: "250m" is a quarter of a core. */
export function cores(n: number | null): string {
  return n === null ? "-" : `${Math.round(n * 1000)}m`;
}

async function top(job: string | undefined, opts: CommonOptions & { namespace?: string; watch?: boolean }) {
  const api = connect(opts);
  const target = job ? await resolveJobId(api, job, opts.namespace) : null;
  const render = async () => {
    let rows: Usage[];
    if (target) {
      // One job: each live execution.
      const { items } = await fetchExecutions(api, { jobId: target.id });
      const live = items.filter((e) => isActiveCompute(e.computeState.stateType));
      rows = await Promise.all(live.map(async (e) => ({ name: e.id, detail: e.nodeId, ...(await usage(api, { executionId: e.id })) })));
    } else {
      // Every job with something running: its executions summed (memory) and averaged (cpu), as the server reports them.
      const { jobs } = await api.gql<{ jobs: { edges: { node: { id: string; name: string; namespace: string; status: { state: { stateType: string } } } }[] } }>(
        `query($namespace: String) { jobs(namespace: $namespace, first: 100) { edges { node { id name namespace status { state { stateType } } } } } }`,
        { namespace: opts.namespace ?? api.target.namespace ?? null },
      );
      const active = jobs.edges.map((e) => e.node).filter((j) => !["STOPPED", "COMPLETED", "FAILED", "PENDING"].includes(j.status.state.stateType));
      rows = await Promise.all(active.map(async (j) => ({ name: j.name, detail: j.namespace, ...(await usage(api, { jobId: j.id })) })));
    }
    if (!api.human) return formatData({ items: rows }, api.format, target ? "execution" : "job");
    if (!rows.length) return "";
    const cols: Column<Usage>[] = [
      { header: target ? "EXECUTION" : "JOB", value: (r) => r.name, shrink: true, min: 12 },
      { header: target ? "NODE" : "NAMESPACE", value: (r) => r.detail, shrink: true, min: 8, drop: 0 },
      { header: target ? "CPU" : "CPU (avg)", value: (r) => cores(r.cpu), align: "right" },
      { header: target ? "MEMORY" : "MEMORY (sum)", value: (r) => bytes(r.memory), align: "right" },
    ];
    return formatTable(cols, rows, api.format);
  };
  await showList(render, { watch: opts.watch, empty: target ? `no running executions of ${target.label}` : "no running jobs" });
}

export function topCommand(): Command {
  return withCommon(new Command("top"))
    .description("cpu (millicores) and memory of running jobs, or of each running execution of one job, from the last minute's samples")
    .argument("[job]", "job name, NAMESPACE/NAME or id: its executions")
    .option("-n, --namespace <ns>", "namespace (of the job, or of the jobs listed)")
    .option("-w, --watch", "show it again whenever it changes (Ctrl-C quits)")
    .action(run(top));
}
