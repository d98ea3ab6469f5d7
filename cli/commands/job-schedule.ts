import { Command } from "commander";
import { connect, resolveJobId, withCommon, type CommonOptions } from "../api.ts";
import { parseTimeout } from "../duration.ts";
import { UsageError, run } from "../errors.ts";
import { printData, renderTable, type Column } from "../output.ts";

interface Opts extends CommonOptions {
  namespace?: string;
}

const STEERED = "id name namespace status { version revision nextFireAt scheduleSuspended scheduleSuspendedAt }";

interface Steered {
  id: string;
  name: string;
  namespace: string;
  status: { version: number; revision: number; nextFireAt: string | null; scheduleSuspended: boolean; scheduleSuspendedAt: string | null };
}

/** `job suspend` and `job resume`: hold or release the schedule; the version stays. */
function steer(mutation: "suspendSchedule" | "resumeSchedule") {
  return async (job: string, opts: Opts) => {
    const api = connect(opts);
    const { id, label } = await resolveJobId(api, job, opts.namespace);
    const data = await api.gql<Record<string, Steered>>(`mutation($id: ID!) { ${mutation}(jobId: $id) { ${STEERED} } }`, { id });
    const j = data[mutation];
    if (!api.human) return printData(j, api.format);
    const st = j.status;
    process.stdout.write(
      st.scheduleSuspended
        ? `job ${label} schedule suspended (v${st.version}): nothing fires until \`drover job resume ${label}\`\n`
        : `job ${label} schedule resumed (v${st.version}): next fire ${st.nextFireAt ?? "-"}; times that passed while suspended are not caught up\n`,
    );
  };
}

/** A point in time: ISO 8601, or a duration meaning that long ago ("6h"). */
export function parseInstant(value: string, flag: string, now = Date.now()): string {
  if (/^\d{4}-\d\d-\d\d/.test(value)) {
    const t = Date.parse(value);
    if (Number.isNaN(t)) throw new UsageError(`${flag}: "${value}" is not an ISO 8601 time`);
    return new Date(t).toISOString();
  }
  const ago = parseTimeout(value, flag)!;
  return new Date(now - ago).toISOString();
}

interface Fire {
  scheduledAt: string;
  outcome: string;
  runId: string | null;
}

const FIRE_COLUMNS: Column<Fire>[] = [
  { header: "SCHEDULED", value: (f) => f.scheduledAt },
  { header: "OUTCOME", value: (f) => f.outcome.toLowerCase() },
  { header: "RUN", value: (f) => f.runId ?? "-" },
];

async function backfill(job: string, opts: Opts & { from: string; to?: string; max?: string }) {
  const now = Date.now();
  const from = parseInstant(opts.from, "--from", now);
  const to = opts.to === undefined ? new Date(now).toISOString() : parseInstant(opts.to, "--to", now);
  const max = opts.max === undefined ? null : Number(opts.max);
  if (max !== null && !Number.isInteger(max)) throw new UsageError(`--max must be a whole number, not "${opts.max}"`);
  const api = connect(opts);
  const { id, label } = await resolveJobId(api, job, opts.namespace);
  const { backfillSchedule: r } = await api.gql<{ backfillSchedule: { alreadyHandled: number; fires: Fire[] } }>(
    `mutation($id: ID!, $from: DateTime!, $to: DateTime!, $max: Int) { backfillSchedule(jobId: $id, from: $from, to: $to, max: $max) { alreadyHandled fires { scheduledAt outcome runId } } }`,
    { id, from, to, max },
  );
  if (!api.human) return printData(r, api.format);
  const fired = r.fires.filter((f) => f.outcome === "FIRED").length;
  process.stdout.write(
    `job ${label} backfilled ${from}..${to}: ${fired} fired, ${r.fires.length - fired} skipped by the overlap policy, ${r.alreadyHandled} already handled\n`,
  );
  if (r.fires.length) process.stdout.write(renderTable(FIRE_COLUMNS, r.fires));
}

function jobArg(cmd: Command): Command {
  return withCommon(cmd)
    .argument("<job>", "job name, NAMESPACE/NAME or id (job-…)")
    .option("-n, --namespace <ns>", "namespace of a job given by name (default: the context's, else default)");
}

/** `job suspend`, `job resume`, `job backfill`: steering a job's cron schedule. */
export function scheduleCommands(): Command[] {
  return [
    jobArg(new Command("suspend"))
      .description("stop a job's schedule from firing; its version does not change (resume continues it)")
      .action(run(steer("suspendSchedule"))),
    jobArg(new Command("resume"))
      .description("let a suspended schedule fire again, from the next scheduled time after now (passed times are not caught up)")
      .action(run(steer("resumeSchedule"))),
    jobArg(new Command("backfill"))
      .description("fire every scheduled time of a past range that never fired, with the job's overlap policy; running it again fires nothing new")
      .requiredOption("--from <time>", 'start of the range: ISO 8601, or how long ago ("6h")')
      .option("--to <time>", "end of the range (default: now)")
      .option("--max <n>", "refuse a range with more scheduled times than this (server default 100, at most 1000)")
      .action(run(backfill)),
  ];
}
