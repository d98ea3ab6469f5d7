import { Command } from "commander";
import { connect, withCommon, type CommonOptions } from "../api.ts";
import { run } from "../errors.ts";
import { age, formatTable, printData, type Column } from "../output.ts";
import { recentJobEvents, type JobEventLine } from "../job-events.ts";
import { rolloutProgress, shownRollout } from "../rollout-wait.ts";
import { currentBlock, placementLines } from "../../tui/screens/job/summary.ts";
import { EXECUTION_COLUMNS, fetchExecutions } from "./execution.ts";
import { describeJob, fetchJob } from "./job.ts";

const EVENT_COLUMNS: Column<JobEventLine>[] = [
  { header: "AGE", value: (e) => age(e.at) },
  { header: "EVENT", value: (e) => e.type.replace(/^(JOB|EXECUTION|ROLLOUT)_/, "").toLowerCase() },
  // The object gives way before the message: shrunk first, dropped first.
  { header: "OBJECT", value: (e) => e.object, shrink: true, min: 10, drop: 0 },
  { header: "MESSAGE", value: (e) => e.message, shrink: true, min: 12, drop: 1 },
];

/** `job describe`, like kubectl's: the summary, the rollout, the executions with their messages, and recent events. */
async function describe(nameOrId: string, opts: CommonOptions & { namespace?: string; events?: string }) {
  const api = connect(opts);
  const job = await fetchJob(api, nameOrId, opts.namespace);
  const executions = await fetchExecutions(api, { jobId: job.id }, 20);
  const seq = await api.gql<{ executions: { seq: number } }>(`query($id: ID) { executions(jobId: $id, first: 1) { seq } }`, { id: job.id });
  const limit = Number(opts.events ?? 15);
  const events = limit > 0 ? await recentJobEvents(api, job.id, seq.executions.seq, limit) : [];
  if (!api.human) return printData({ ...job, executions: executions.items, events }, api.format);
  let out = describeJob(job);
  // Why something is not placed: the explanation still in force, read as the terminal UI reads it.
  const { evaluations } = await api.gql<{ evaluations: { edges: { node: { status: string; placement: unknown; createdAt: string } }[] } }>(
    `query($id: ID) { evaluations(jobId: $id, last: 5) { edges { node { status placement createdAt } } } }`,
    { id: job.id },
  );
  const blocked = currentBlock(evaluations.edges.map((e) => e.node));
  const notPlaced = blocked ? placementLines(blocked.placement) : [];
  if (notPlaced.length) out += `\nNot placed: ${notPlaced.join("\n")}\n`;
  const r = shownRollout(job.status);
  if (r) out = out.replace(/^(Rollout:.*)$/m, `$1\n${" ".repeat(13)}${rolloutProgress(r)}`);
  out += `\nExecutions (${executions.totalCount > executions.items.length ? `newest ${executions.items.length} of ${executions.totalCount}` : executions.items.length}):\n`;
  out += executions.items.length ? formatTable(EXECUTION_COLUMNS, executions.items, api.format) : "  (none)\n";
  out += "\nEvents:\n";
  out += events === null ? "  (the event log no longer reaches back to this job's start)\n" : events.length ? formatTable(EVENT_COLUMNS, events, api.format) : "  (none)\n";
  process.stdout.write(out);
}

export function describeCommand(): Command {
  return withCommon(new Command("describe"))
    .description("show a job in full: spec summary, state, rollout, executions with their messages, recent events")
    .argument("<job>", "job name, NAMESPACE/NAME or id (job-…)")
    .option("-n, --namespace <ns>", "namespace of a job given by name (default: the context's, else default)")
    .option("--events <n>", "how many recent events (0: none)", "15")
    .action(run(describe));
}
